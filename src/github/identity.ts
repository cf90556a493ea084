/**
 * Who the token writes as: the author the action's own comments and issues carry. A marker can
 * be copied into anyone's post, so a post is ours only when it carries the marker *and* this
 * author. `GET /user` names a personal token's user; an installation token (the job's, or an
 * App's) gets a 403 there, but GraphQL's `viewer` names its bot; when neither answers, the job
 * token's bot is assumed, the default `github-token`.
 */
import type { Octokit } from './client.js';

/** The author of everything the workflow's `GITHUB_TOKEN` writes. */
const ACTIONS_BOT_LOGIN = 'github-actions[bot]';

export interface Author {
  login: string;
  type?: string;
}

export async function tokenLogin(octokit: Octokit, log: (message: string) => void): Promise<string> {
  try {
    const { data } = await octokit.request('GET /user');
    if (typeof data.login === 'string' && data.login !== '') return data.login;
  } catch {
    // An installation token may not read /user; ask GraphQL next.
  }
  try {
    const answer = await octokit.graphql<{ viewer?: { login?: string } }>('query { viewer { login } }');
    const login = answer.viewer?.login;
    if (typeof login === 'string' && login !== '') return login;
  } catch {
    // Neither answered (an old GHES, a network without GraphQL): the job token's bot is the default.
  }
  log(`GitHub did not say who the token is; only posts by ${ACTIONS_BOT_LOGIN} are taken as ours`);
  return ACTIONS_BOT_LOGIN;
}

/**
 * The post was written by the token's identity. GraphQL names a bot `name[bot]` and REST does too,
 * but a bot's login without the suffix is accepted only from an account GitHub marks as a Bot.
 */
export function writtenBy(author: Author | null | undefined, login: string): boolean {
  if (!author) return false;
  if (author.login === login) return true;
  return author.type === 'Bot' && author.login.replace(/\[bot\]$/, '') === login.replace(/\[bot\]$/, '');
}
