export {
  JOB_TOKEN,
  READ_ONLY_TOKEN,
  startGitHubEmulator,
  type AuthorizationKind,
  type GitHubEmulator,
  type RecordedRequest,
  type TokenGrant,
} from './server.js';
export {
  ACTIONS_BOT,
  RepoState,
  type Account,
  type Comment,
  type Issue,
  type IssueInit,
  type PullRequest,
  type PullRequestInit,
} from './state.js';
