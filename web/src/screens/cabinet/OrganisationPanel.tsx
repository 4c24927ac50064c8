/** An organisation's mailbox: members and their roles (signed grants), and API tokens for integrators (shown once). */
import { OrgMembers } from './OrgMembers.tsx';
import { OrgTokens } from './OrgTokens.tsx';

export function OrganisationPanel() {
  return (
    <>
      <OrgMembers />
      <OrgTokens />
    </>
  );
}
