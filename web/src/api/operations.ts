/**
 * The API operations the cabinet uses, by their OpenAPI operationId. The stable names come from
 * the registration and letters issues; the "prepare" steps (the server builds the canonical
 * document with a fresh nonce for the client to sign) are looked up among the candidates.
 */
import { loadOperations } from './client.ts';

export const OPS = {
  serviceInfo: 'getServiceInfo',
  session: 'getCurrentAccount',
  acceptAgreement: 'acceptAgreement',
  revokeSession: 'revokeSession',
  getActivationSlip: 'getActivationSlip',
  lookupDirectory: 'lookupDirectory',
  updateProfile: 'updateProfile',
  agreement: 'getAgreement',
  prepareApplication: ['prepareApplication'],
  submitApplication: 'submitApplication',
  login: 'login',
  prepareSignatureLogin: ['getLoginChallenge', 'prepareSignatureLogin'],
  loginWithSignature: 'loginWithSignature',
  logout: 'logout',
  activateAccount: 'activateAccount',
  prepareConfirmation: ['prepareConfirmation', 'prepareSignatureConfirmation'],
  confirmWithSignature: 'confirmWithSignature',
  listSessions: 'listSessions',
  prepareReset: ['preparePasswordReset', 'prepareResetPassword'],
  resetPassword: 'resetPassword',
  closeMailbox: 'closeMailbox',
  exportMailbox: 'exportMailbox',
  getNotifyAddress: 'getNotifyAddress',
  setNotifyAddress: 'setNotifyAddress',
  confirmNotifyAddress: 'confirmNotifyAddress',
  listMembers: 'listMembers',
  prepareMemberChange: 'prepareMemberChange',
  grantMember: 'grantMember',
  revokeMember: 'revokeMember',
  listApiTokens: 'listApiTokens',
  createApiToken: 'createApiToken',
  revokeApiToken: 'revokeApiToken',
  registerCounterApplication: 'registerCounterApplication',
  publishAgreement: 'publishAgreement',
  findAccountByLogin: 'findAccountByLogin',
  createPostOffice: 'createPostOffice',
  createStaffAccount: 'createStaffAccount',
  listFolders: 'listFolders',
  listLetters: 'listLetters',
  searchLetters: 'searchLetters',
  getLetter: 'getLetter',
  getLetterRaw: 'getLetterRaw',
  getAttachment: 'getAttachment',
  sendLetter: 'sendLetter',
  listEvidence: 'listEvidence',
  getEvidence: 'getEvidence',
  verifyEvidence: 'verifyEvidence',
  submitHybridLetter: 'submitHybridLetter',
  listHybridLetters: 'listHybridLetters',
  getHybridStatus: 'getHybridStatus',
  getHybridEvidence: 'getHybridEvidence',
} as const;

/** The first of the candidate operations the server offers, if any. */
export async function firstAvailable(ids: readonly string[]): Promise<string | undefined> {
  const ops = await loadOperations();
  return ids.find((id) => ops.has(id));
}
