export {
  APP_TOKEN,
  JOB_TOKEN,
  PERSONAL_TOKEN,
  READ_ONLY_TOKEN,
  startGitHubEmulator,
  type AuthorizationKind,
  type GitHubEmulator,
  type RecordedRequest,
  type TokenGrant,
} from './server.js';
export {
  ACTIONS_BOT,
  CERTS_APP_BOT,
  RELEASE_MANAGER,
  RepoState,
  STRANGER,
  type Account,
  type Comment,
  type Issue,
  type IssueInit,
  type PullRequest,
  type PullRequestInit,
} from './state.js';
