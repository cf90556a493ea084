/**
 * What the GitHub emulator knows: repositories with their branches, files, pull requests,
 * issues and comments. Tests set it up directly and inspect it after the code under test ran.
 */

export interface Account {
  login: string;
  type: 'Bot' | 'User';
}

/** The author of everything the workflow's `GITHUB_TOKEN` writes. */
export const ACTIONS_BOT: Account = { login: 'github-actions[bot]', type: 'Bot' };
/** The person behind `PERSONAL_TOKEN`. */
export const RELEASE_MANAGER: Account = { login: 'release-manager', type: 'User' };
/** The bot behind `APP_TOKEN`: a GitHub App installed on the repository. */
export const CERTS_APP_BOT: Account = { login: 'certs-app[bot]', type: 'Bot' };
/** Someone with no stake in the repository who can still open issues and comment (a public repository). */
export const STRANGER: Account = { login: 'mallory', type: 'User' };

export interface Comment {
  id: number;
  issueNumber: number;
  body: string;
  user: Account;
  createdAt: string;
  updatedAt: string;
}

export interface Issue {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  stateReason: string | null;
  labels: string[];
  assignees: string[];
  user: Account;
}

export interface PullRequest {
  number: number;
  title: string;
  state: 'open' | 'closed';
  head: { ref: string; sha: string };
  base: { ref: string; sha: string };
  mergeCommitSha: string | null;
  mergedAt: string | null;
  /** Shas of the commits on the PR; the commit → pulls endpoint also matches `mergeCommitSha`. */
  commits: string[];
}

export interface PullRequestInit {
  number?: number;
  title?: string;
  head: { ref: string; sha: string };
  base: { ref: string; sha?: string };
  /** Set for a merged PR; its merge commit then also lists it. */
  mergeCommitSha?: string;
  commits?: string[];
  state?: 'open' | 'closed';
}

export interface IssueInit {
  title: string;
  body?: string;
  state?: 'open' | 'closed';
  labels?: string[];
  assignees?: string[];
  user?: Account;
}

/** Comment ids are unique across the whole emulator, as on GitHub. */
export class IdSequence {
  private last = 1000;
  next(): number {
    return ++this.last;
  }
}

export class RepoState {
  readonly branches = new Map<string, string>();
  readonly pullRequests: PullRequest[] = [];
  readonly issues: Issue[] = [];
  readonly comments: Comment[] = [];
  /** The commit → pulls endpoint answers `[]` this many more times (GitHub's index lag). */
  commitPullsLag = 0;
  /** When set, assigning anyone else answers 422, as GitHub does for a login without access. */
  assignable: Set<string> | undefined;
  /** Files keyed by ref (a branch name or a sha, as given), then path. */
  private readonly files = new Map<string, Map<string, string>>();
  private lastNumber = 0;

  constructor(
    readonly owner: string,
    readonly name: string,
    readonly defaultBranch: string,
    private readonly ids: IdSequence,
  ) {}

  get fullName(): string {
    return `${this.owner}/${this.name}`;
  }

  setBranch(branch: string, sha: string): this {
    this.branches.set(branch, sha);
    return this;
  }

  setFile(ref: string, path: string, content: string): this {
    const atRef = this.files.get(ref) ?? new Map<string, string>();
    atRef.set(path, content);
    this.files.set(ref, atRef);
    return this;
  }

  /** A ref is known when files were set at it or it names a branch or a branch's head. */
  hasRef(ref: string): boolean {
    return this.files.has(ref) || this.branches.has(ref) || [...this.branches.values()].includes(ref);
  }

  /** Looks `ref` up as given, then as the head sha of the branch it names. */
  fileAt(ref: string, path: string): string | undefined {
    const head = this.branches.get(ref);
    return (
      this.files.get(ref)?.get(path) ?? (head === undefined ? undefined : this.files.get(head)?.get(path))
    );
  }

  addPullRequest(init: PullRequestInit): PullRequest {
    const merged = init.mergeCommitSha !== undefined;
    const pull: PullRequest = {
      number: this.takeNumber(init.number),
      title: init.title ?? `Change ${init.head.ref}`,
      state: init.state ?? (merged ? 'closed' : 'open'),
      head: init.head,
      base: { ref: init.base.ref, sha: init.base.sha ?? this.branches.get(init.base.ref) ?? '0'.repeat(40) },
      mergeCommitSha: init.mergeCommitSha ?? null,
      mergedAt: merged ? new Date().toISOString() : null,
      commits: init.commits ?? [init.head.sha],
    };
    this.pullRequests.push(pull);
    return pull;
  }

  addIssue(init: IssueInit): Issue {
    const issue: Issue = {
      number: this.takeNumber(),
      title: init.title,
      body: init.body ?? '',
      state: init.state ?? 'open',
      stateReason: null,
      labels: init.labels ?? [],
      assignees: init.assignees ?? [],
      user: init.user ?? ACTIONS_BOT,
    };
    this.issues.push(issue);
    return issue;
  }

  addComment(issueNumber: number, body: string, user: Account = ACTIONS_BOT): Comment {
    const now = new Date().toISOString();
    const comment = { id: this.ids.next(), issueNumber, body, user, createdAt: now, updatedAt: now };
    this.comments.push(comment);
    return comment;
  }

  commentsOn(issueNumber: number): Comment[] {
    return this.comments.filter((comment) => comment.issueNumber === issueNumber);
  }

  pullRequest(number: number): PullRequest | undefined {
    return this.pullRequests.find((pull) => pull.number === number);
  }

  issue(number: number): Issue | undefined {
    return this.issues.find((issue) => issue.number === number);
  }

  /** Issues and pull requests share one sequence of numbers, as on GitHub. */
  private takeNumber(wanted?: number): number {
    const number = wanted ?? this.lastNumber + 1;
    if (this.pullRequest(number) || this.issue(number)) throw new Error(`#${number} already exists`);
    this.lastNumber = Math.max(this.lastNumber, number);
    return number;
  }
}
