/**
 * Generated from docs/openapi.json by openapi-typescript (`npm run openapi`): do not edit.
 * Read an answer through web/src/api/answers.ts.
 */


export interface paths {
  "/healthz": {
    /** The process is alive */
    get: operations["getHealth"];
  };
  "/readyz": {
    /** The database and the blob store answer; 503 names the failing part */
    get: operations["getReadiness"];
  };
  "/api/v1/meta": {
    /** Software, version, demo mode, mail domain and languages (public) */
    get: operations["getServiceInfo"];
  };
  "/demo-pki/root-ca.crt": {
    /** The demo root CA certificate (the trust anchor of demo signatures) */
    get: operations["getDemoRootCaCertificate"];
  };
  "/demo-pki/issuing-ca.crt": {
    /** The demo issuing CA certificate */
    get: operations["getDemoIssuingCaCertificate"];
  };
  "/demo-pki/tsa.crt": {
    /** The demo timestamp authority certificate */
    get: operations["getDemoTsaCertificate"];
  };
  "/demo-pki/ca-certificates.pem": {
    /** The demo root and issuing CA certificates as one PEM file (for openssl -CAfile) */
    get: operations["getDemoCaBundle"];
  };
  "/demo-pki/crl": {
    /** The current CRL of the demo issuing CA (fresh, valid 10 minutes) */
    get: operations["getDemoCrl"];
  };
  "/demo-pki/root-crl": {
    /** The current CRL of the demo root CA (covers the issuing CA) */
    get: operations["getDemoRootCrl"];
  };
  "/demo-pki/ocsp": {
    /** Demo OCSP responder (RFC 6960): status of a demo certificate, the request nonce echoed */
    post: operations["postDemoOcspRequest"];
  };
  "/demo-pki/tsa": {
    /** Demo RFC 3161 timestamp authority */
    post: operations["postDemoTimestampRequest"];
  };
  "/api/v1/agreement": {
    /** The current user agreement (MB-3): version, hash and texts in kk, ru, en */
    get: operations["getAgreement"];
  };
  "/api/v1/applications/prepare": {
    /** Check an application form and get the canonical document to sign (with a 5-minute single-use nonce) */
    post: operations["prepareApplication"];
  };
  "/api/v1/applications": {
    /**
     * Submit the signed application (MB-5.1); the mailbox exists at once (MB-6)
     * @description The signature is checked (chain, validity, key purpose, revocation: unknown → 503 try later), the certificate must be the applicant's (IIN; for a legal entity its BIN and the head's or right-to-sign role), the data are confirmed with the state registry. The password is sent beside the document, never inside it.
     */
    post: operations["submitApplication"];
  };
  "/api/v1/auth/login": {
    /** Sign in with login and password (MB-10); sets the session and CSRF cookies */
    post: operations["login"];
  };
  "/api/v1/auth/signature-challenge": {
    /** The document to sign with an authentication key for an EDS sign-in (nonce single-use, 5 minutes) */
    post: operations["getLoginChallenge"];
  };
  "/api/v1/auth/login-signature": {
    /**
     * Sign in with EDS: the signed challenge; lifts a password lockout of the account
     * @description A certificate carrying an organisation's BIN, held by a member of that organisation, signs the person in to their personal account and names the organisation mailbox (422 MEMBER_NEEDS_PERSONAL_ACCOUNT when the person has none).
     */
    post: operations["loginWithSignature"];
  };
  "/api/v1/me": {
    /** The signed-in account and its mailbox */
    get: operations["getCurrentAccount"];
  };
  "/api/v1/auth/logout": {
    /** End this session, or every session of the account (`everywhere`) */
    post: operations["logout"];
  };
  "/api/v1/sessions": {
    /** The account's live sessions */
    get: operations["listSessions"];
  };
  "/api/v1/sessions/{sessionId}": {
    /** End one of the account's own sessions */
    delete: operations["revokeSession"];
  };
  "/api/v1/agreement/accept": {
    /** Accept the current user agreement (asked at sign-in after a new version is published) */
    post: operations["acceptAgreement"];
  };
  "/api/v1/me/confirmation/prepare": {
    /** The cabinet document to sign with EDS (MB-11) */
    post: operations["prepareConfirmation"];
  };
  "/api/v1/me/confirmation": {
    /** Confirm the cabinet data with EDS: the mailbox becomes official (MB-11) */
    post: operations["confirmWithSignature"];
  };
  "/api/v1/me/profile": {
    /** Change contact data of the cabinet; drops the official mark until confirmed again (MB-11) */
    patch: operations["updateProfile"];
  };
  "/api/v1/directory": {
    /** The mailbox of an IIN or BIN (MB-12) — official organisations, `directory` tokens and clerks only; audited */
    get: operations["lookupDirectory"];
  };
  "/api/v1/api-tokens": {
    /** The organisation's API tokens: name, scopes, expiry, last use (the token itself is shown only once, at issue) */
    get: operations["listApiTokens"];
    /** Issue a scoped bearer token for the organisation's mailbox (shown once) */
    post: operations["createApiToken"];
  };
  "/api/v1/api-tokens/{tokenId}": {
    /** Revoke an API token of the organisation */
    delete: operations["revokeApiToken"];
  };
  "/api/v1/post-offices": {
    /** Create a post office (operator admin) */
    post: operations["createPostOffice"];
  };
  "/api/v1/staff": {
    /** Create a staff account (clerk bound to a post office, print centre, operator admin); returns its one-time activation code */
    post: operations["createStaffAccount"];
  };
  "/api/v1/agreement/versions": {
    /** Publish a new user agreement version (operator admin); users accept it at next sign-in */
    post: operations["publishAgreement"];
  };
  "/api/v1/counter/applications": {
    /** A clerk registers a paper application (MB-5.2) with the scan of the signed form; returns the one-time activation code */
    post: operations["registerCounterApplication"];
  };
  "/api/v1/counter/applications/{applicationId}/slip": {
    /** The printable activation slip (PDF, kk+ru) of a counter registration */
    post: operations["getActivationSlip"];
  };
  "/api/v1/counter/password-resets": {
    /** Password reset at the counter: the clerk checks the identity document and issues a one-time code */
    post: operations["issueResetCode"];
  };
  "/api/v1/auth/activate": {
    /** First sign-in with a one-time code (counter registration, staff account, counter reset): sets the password */
    post: operations["activateAccount"];
  };
  "/api/v1/auth/password-reset/prepare": {
    /** The document to sign (authentication key) to reset the password of a login online */
    post: operations["prepareResetPassword"];
  };
  "/api/v1/auth/password-reset": {
    /** Reset the password with EDS (the signed challenge and the new password); every session ends */
    post: operations["resetPassword"];
  };
  "/api/v1/me/close": {
    /** Close the mailbox: the address is never reused; export first (exportAcknowledged) */
    post: operations["closeMailbox"];
  };
  "/api/v1/me/organisations": {
    /** Organisation mailboxes the signed-in person may act in, with roles */
    get: operations["listMemberships"];
  };
  "/api/v1/organisation/members": {
    /** People with access to the organisation's mailbox */
    get: operations["listMembers"];
    /** Grant a person (IIN) a role in the organisation's mailbox: the signed grant */
    post: operations["grantMember"];
  };
  "/api/v1/organisation/members/prepare": {
    /** The grant or revocation document to sign with the head's (or right-to-sign) EDS */
    post: operations["prepareMemberChange"];
  };
  "/api/v1/organisation/members/revoke": {
    /** Revoke a member's role: the signed revocation */
    post: operations["revokeMember"];
  };
  "/api/v1/admin/accounts": {
    /** Users lookup by login (operator admin; audited): login, address, kind, official, status, created — no content */
    get: operations["findAccountByLogin"];
  };
  "/.well-known/jashik/operator-certificates": {
    /** The operator's evidence certificates, current and past, for verifying evidence offline */
    get: operations["listOperatorCertificates"];
  };
  "/api/mail/letters": {
    /** One page of a folder, newest first (keyset cursor) */
    get: operations["listLetters"];
    /** Send a letter to mailboxes and e-mail addresses (optionally registered, with evidence) */
    post: operations["sendLetter"];
  };
  "/api/mail/drafts": {
    /** Save a letter being written in Drafts (optionally replacing a previous draft); nothing is delivered */
    post: operations["saveDraft"];
  };
  "/api/mail/search": {
    /** Full-text search (Kazakh and Russian, partial words) with filters */
    get: operations["searchLetters"];
  };
  "/api/mail/letters/{id}": {
    /** One letter with its text and sanitised HTML (marks it read; the first opening of a registered letter is its ContentHandover) */
    get: operations["getLetter"];
  };
  "/api/mail/letters/{id}/raw": {
    /** The letter as received, byte for byte (message/rfc822) */
    get: operations["getLetterRaw"];
  };
  "/api/mail/letters/{id}/attachments/{index}": {
    /** One attachment, decoded, as a download */
    get: operations["getAttachment"];
  };
  "/api/mail/letters/mark": {
    /** Set read/unread, flag and keywords */
    post: operations["markLetters"];
  };
  "/api/mail/letters/move": {
    /** Move letters to a folder */
    post: operations["moveLetters"];
  };
  "/api/mail/letters/delete": {
    /** Move letters to Trash; letters already in Trash are deleted for good */
    post: operations["deleteLetters"];
  };
  "/api/mail/folders": {
    /** Folders with counts, and the quota usage */
    get: operations["listFolders"];
    /** Create a folder of your own */
    post: operations["createFolder"];
  };
  "/api/mail/folders/{id}": {
    /** Delete a folder of your own (its letters go to Trash) */
    delete: operations["deleteFolder"];
  };
  "/api/mail/letters/{id}/evidence": {
    /** A letter's evidence records (ETSI EN 319 522 events), in chain order */
    get: operations["listEvidence"];
  };
  "/api/mail/evidence/{id}": {
    /** One evidence record: JSON with the canonical document and the CMS, or ?format=p7s for the .p7s file (openssl cms -verify -inform DER), ?format=document for the signed bytes */
    get: operations["getEvidence"];
  };
  "/api/mail/export": {
    /** The mailbox (or one folder) as a ZIP of the original .eml files, evidence beside registered letters, and manifest.json of SHA-256 digests */
    get: operations["exportMailbox"];
  };
  "/api/mail/notify-address": {
    /** The external address told (without content) when a registered or official letter arrives */
    get: operations["getNotifyAddress"];
    /** Name (or with null remove) the external address; a confirmation code is e-mailed to it */
    put: operations["setNotifyAddress"];
  };
  "/api/mail/notify-address/confirm": {
    /** Confirm the external address with the code e-mailed to it */
    post: operations["confirmNotifyAddress"];
  };
  "/api/mail/evidence/verify": {
    /** Check an evidence file against the published operator certificates and say what it proves (no sign-in needed) */
    post: operations["verifyEvidence"];
  };
  "/api/v1/docflow/documents": {
    /** A draft e-document: DOC/DOCX content files, up to 6 attachments (60 MB in all, types checked by content), content and RCC requisites (DF-2…DF-5) */
    post: operations["createDocument"];
  };
  "/api/v1/docflow/documents/{id}": {
    /** The one original of a document, its signatures, RCC, registrations and deliveries (sender or recipient side) */
    get: operations["getDocument"];
  };
  "/api/v1/docflow/documents/{id}/files/{position}": {
    /** A content file or attachment as stored (to sign it, or read it) */
    get: operations["getDocumentFile"];
  };
  "/api/v1/docflow/documents/{id}/signatures": {
    /** An official's detached CMS for each content file; co-signers become SignerInfos of the same CMS (DF-19) */
    post: operations["addDocumentSignature"];
  };
  "/api/v1/docflow/documents/{id}/registration-card": {
    /** Checks the form (DF-12), reserves the outgoing number and returns the RCC for the records officer to sign */
    post: operations["prepareRegistration"];
  };
  "/api/v1/docflow/documents/{id}/registration": {
    /** Registers an outgoing document with the records officer's signature over the prepared RCC (outgoing only) */
    post: operations["registerDocument"];
  };
  "/api/v1/docflow/documents/{id}/send": {
    /** Sends a registered document to the recipient's mailbox as a registered item; the receipt is watched for one working day (DF-11) */
    post: operations["sendDocument"];
  };
  "/api/v1/docflow/incoming": {
    /** Documents received by an organisation with their verification and primary-processing results */
    get: operations["listIncoming"];
  };
  "/api/v1/docflow/incoming/{deliveryId}/decision": {
    /** Builds the notification-receipt (accepted: with the reserved incoming number; not accepted: with the coded reasons) for the records officer to sign */
    post: operations["prepareIncomingDecision"];
  };
  "/api/v1/docflow/incoming/{deliveryId}/accept": {
    /** Registers a positively checked incoming document and issues the DF-10 receipt signed by the records officer */
    post: operations["acceptIncomingDocument"];
  };
  "/api/v1/docflow/incoming/{deliveryId}/reject": {
    /** Issues the "not accepted" receipt with the coded reasons, signed by the records officer (DF-7) */
    post: operations["rejectIncomingDocument"];
  };
  "/api/v1/docflow/receipts/{deliveryId}": {
    /** The notification-receipt of a delivery (sender or recipient); without one the document counts as not delivered */
    get: operations["getReceipt"];
  };
  "/api/v1/docflow/journal": {
    /** An organisation's outgoing or incoming journal */
    get: operations["listJournal"];
  };
  "/api/v1/docflow/search": {
    /** Search over RCC fields and document text, with filters (DF-1) */
    get: operations["searchDocuments"];
  };
  "/api/v1/docflow/registrations/{id}/executions": {
    /** The head assigns an executor with a deadline: a date or working days (DF-13) */
    post: operations["assignExecution"];
  };
  "/api/v1/docflow/executions/{id}/report": {
    /** The executor reports execution */
    post: operations["reportExecution"];
  };
  "/api/v1/docflow/executions/{id}/accept": {
    /** The head accepts the reported execution */
    post: operations["acceptExecution"];
  };
  "/api/v1/docflow/control": {
    /** Assignments under control: open, overdue or due within one working day */
    get: operations["listControl"];
  };
  "/api/v1/docflow/registrations/{id}/filing": {
    /** Filing mark "в дело" with the nomenclature index; sets the end of retention */
    post: operations["fileDocument"];
  };
  "/api/v1/docflow/documents/{id}/paper-copy": {
    /** Certified paper copy (PDF) with the copy mark, verification result, source system, date and the triangular stamp (DF-17) */
    post: operations["makePaperCopy"];
  };
  "/api/v1/docflow/documents/{id}/archive-package": {
    /** Self-contained, offline-verifiable archive package (ZIP with manifest) of a document (DF-14) */
    get: operations["exportArchivePackage"];
  };
  "/api/v1/docflow/destructions": {
    /** Destruction list of entries whose retention ended before a date */
    post: operations["proposeDestruction"];
  };
  "/api/v1/docflow/destructions/{id}/approval": {
    /** The head approves: the signed destruction act is kept and the documents are deleted */
    post: operations["approveDestruction"];
  };
  "/api/v1/docflow/alerts": {
    /** Cabinet alerts: missing receipts (DF-11), overdue executions, receipts received */
    get: operations["listDocflowAlerts"];
  };
  "/api/v1/docflow/settings/{mailboxId}": {
    /** The registration-number pattern of an organisation ({index}, {seq}, {year}, {yy}, {journal}) */
    put: operations["updateDocflowSettings"];
  };
  "/api/v1/docflow/reference/{kind}": {
    /** Current reference data shared by all participants (DF-5) */
    get: operations["listReference"];
  };
  "/api/v1/docflow/reference/{kind}/{code}": {
    /** A new version of a reference entry (operator admin) */
    put: operations["putReference"];
  };
  "/api/v1/docflow/reference-export": {
    /** Every version of every reference entry, for exchange between participants */
    get: operations["exportReference"];
  };
  "/api/v1/hybrid/letters": {
    /** The sender's own hybrid items, newest first: S10, recipient, status, last tracking event (time, place) and price; keyset paging with the returned cursor */
    get: operations["listHybridLetters"];
    /** Submit an e-letter for delivery on paper (or digital first with print-if-unread, or by IIN/BIN); content is text or a base64 PDF */
    post: operations["submitHybridLetter"];
  };
  "/api/v1/hybrid/evidence/{evidenceId}": {
    /** One tracking evidence of a hybrid item (its sender or operator staff): JSON with the signed document, or ?format=p7s for the .p7s (openssl cms -verify -inform DER), ?format=document for the signed bytes */
    get: operations["getHybridEvidence"];
  };
  "/api/v1/hybrid/letters/{ref}": {
    /** Tracking of a hybrid item by id or S10 number (its sender or operator staff) */
    get: operations["getHybridStatus"];
  };
  "/api/v1/hybrid/events": {
    /** A tracking event by S10 from a print centre or post office; repeats are idempotent, out-of-order events are refused */
    post: operations["recordHybridEvent"];
  };
  "/api/v1/hybrid/paper-letters": {
    /** A clerk registers an incoming paper letter: scans (base64 PDF/TIFF/JPEG), addressee, sender as written; delivered as an e-letter with ReceivedFromNonERDS evidence */
    post: operations["registerPaperLetter"];
  };
  "/api/v1/hybrid/paper-letters/{paperLetterId}/original-fate": {
    /** A clerk records what became of a registered paper letter's original: kept (until keepUntil), returned to the sender, or destroyed. Returned and destroyed are final; repeating the current fate is idempotent; each change gets signed evidence */
    post: operations["recordPaperOriginalFate"];
  };
  "/api/v1/hybrid/batches": {
    /** Print batches (files, manifest checksum) per print centre, newest first (print centre staff, operator admins) */
    get: operations["listPrintBatches"];
  };
  "/api/v1/hybrid/statements/{month}": {
    /** Monthly statement of a sender's paper items with their stored prices (Asia/Almaty calendar month), as JSON, CSV or PDF; operator admins name the mailbox */
    get: operations["getHybridStatement"];
  };
  "/api/v1/hybrid/webhooks": {
    /** The sender's active tracking webhooks (without secrets) */
    get: operations["listHybridWebhooks"];
    /** Subscribe a URL to the tracking events of the sender's items: JSON POSTs signed with HMAC-SHA256 (X-Jashik-Signature: sha256=<hex>), retried with backoff; the secret is shown only here */
    post: operations["createHybridWebhook"];
  };
  "/api/v1/hybrid/webhooks/{webhookId}": {
    /** Revoke one of the sender's tracking webhooks (pending deliveries are dropped) */
    delete: operations["revokeHybridWebhook"];
  };
  "/api/v1/hybrid/events/batch": {
    /** Tracking events from a print centre or post office as a file: CSV with the header s10,event,occurred_at,place,event_id, or a JSON array (at most 10000 lines). Each line is validated and recorded on its own (idempotent); refused lines are reported with their error */
    post: operations["recordHybridEventBatch"];
  };
}

export type webhooks = Record<string, never>;

export interface components {
  schemas: {
    Error: {
      error: {
        /** @enum {string} */
        code: "VALIDATION_FAILED" | "MALFORMED_JSON" | "UNSUPPORTED_MEDIA_TYPE" | "PAYLOAD_TOO_LARGE" | "NOT_FOUND" | "METHOD_NOT_ALLOWED" | "UNAUTHENTICATED" | "FORBIDDEN" | "CONFLICT" | "RATE_LIMITED" | "SERVICE_UNAVAILABLE" | "BLOB_NOT_FOUND" | "BLOB_DIGEST_MISMATCH" | "PKI_MALFORMED" | "PKI_LIMIT_EXCEEDED" | "PKI_UNSUPPORTED_ALGORITHM" | "PKI_CONTENT_REQUIRED" | "PKI_KEY_UNREADABLE" | "PKI_KEY_MISMATCH" | "PKI_SIGNATURE_INVALID" | "PKI_REVOCATION_UNKNOWN" | "LOGIN_TAKEN" | "ALREADY_REGISTERED" | "IDENTITY_MISMATCH" | "REGISTRY_MISMATCH" | "REGISTRY_UNAVAILABLE" | "NONCE_INVALID" | "AGREEMENT_NOT_CURRENT" | "AGREEMENT_ACCEPTANCE_REQUIRED" | "MEMBER_NEEDS_PERSONAL_ACCOUNT" | "INVALID_CREDENTIALS" | "ACCOUNT_LOCKED" | "ACCOUNT_NOT_ACTIVE" | "CSRF_FAILED" | "CODE_INVALID" | "MAIL_QUOTA_EXCEEDED" | "MAIL_TOO_LARGE" | "MAIL_UNKNOWN_RECIPIENT" | "MAIL_MAILBOX_CLOSED" | "MAIL_EVIDENCE_INVALID" | "DEMO_MODE_ONLY" | "OPERATOR_KEY_UNAVAILABLE" | "DOCFLOW_DOCUMENT_INVALID" | "DOCFLOW_TOO_LARGE" | "DOCFLOW_STATE_SECRET" | "DOCFLOW_NOT_OFFICIAL" | "DOCFLOW_WRONG_STATE" | "DOCFLOW_SIGNER_NOT_AUTHORISED" | "HYBRID_NOT_PRINTABLE" | "HYBRID_UNKNOWN_ITEM" | "HYBRID_EVENT_OUT_OF_ORDER" | "HYBRID_SCAN_UNSUPPORTED" | "HYBRID_NO_POSTAL_ADDRESS" | "INTERNAL";
        message: string;
        fields: {
            name: string;
            code: string;
            message: string;
          }[];
      };
    };
  };
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}

export type $defs = Record<string, never>;

export type external = Record<string, never>;

export interface operations {

  /** The process is alive */
  getHealth: {
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @enum {string} */
            status: "ok";
          };
        };
      };
    };
  };
  /** The database and the blob store answer; 503 names the failing part */
  getReadiness: {
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @enum {string} */
            status: "ready" | "unavailable";
            checks: {
              [key: string]: {
                ok: boolean;
                error?: string;
              };
            };
          };
        };
      };
      /** @description Default Response */
      503: {
        content: {
          "application/json": {
            /** @enum {string} */
            status: "ready" | "unavailable";
            checks: {
              [key: string]: {
                ok: boolean;
                error?: string;
              };
            };
          };
        };
      };
    };
  };
  /** Software, version, demo mode, mail domain and languages (public) */
  getServiceInfo: {
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            software: string;
            version: string;
            /** @description Demo mode: demo CA, test signer and the DEMO banner */
            demo: boolean;
            /** @description Mailbox addresses are <login>@<domain> */
            domain: string;
            languages: ("kk" | "ru" | "en")[];
            /** @enum {string} */
            defaultLanguage: "kk";
          };
        };
      };
    };
  };
  /** The demo root CA certificate (the trust anchor of demo signatures) */
  getDemoRootCaCertificate: {
    responses: {
      /** @description DER certificate */
      200: {
        content: {
          "application/pkix-cert": string;
        };
      };
    };
  };
  /** The demo issuing CA certificate */
  getDemoIssuingCaCertificate: {
    responses: {
      /** @description DER certificate */
      200: {
        content: {
          "application/pkix-cert": string;
        };
      };
    };
  };
  /** The demo timestamp authority certificate */
  getDemoTsaCertificate: {
    responses: {
      /** @description DER certificate */
      200: {
        content: {
          "application/pkix-cert": string;
        };
      };
    };
  };
  /** The demo root and issuing CA certificates as one PEM file (for openssl -CAfile) */
  getDemoCaBundle: {
    responses: {
      /** @description PEM certificates */
      200: {
        content: {
          "application/x-pem-file": string;
        };
      };
    };
  };
  /** The current CRL of the demo issuing CA (fresh, valid 10 minutes) */
  getDemoCrl: {
    responses: {
      /** @description DER CRL */
      200: {
        content: {
          "application/pkix-crl": string;
        };
      };
    };
  };
  /** The current CRL of the demo root CA (covers the issuing CA) */
  getDemoRootCrl: {
    responses: {
      /** @description DER CRL */
      200: {
        content: {
          "application/pkix-crl": string;
        };
      };
    };
  };
  /** Demo OCSP responder (RFC 6960): status of a demo certificate, the request nonce echoed */
  postDemoOcspRequest: {
    requestBody: {
      content: {
        "application/ocsp-request": string;
      };
    };
    responses: {
      /** @description DER OCSPResponse (errors are OCSP statuses too) */
      200: {
        content: {
          "application/ocsp-response": string;
        };
      };
    };
  };
  /** Demo RFC 3161 timestamp authority */
  postDemoTimestampRequest: {
    requestBody: {
      content: {
        "application/timestamp-query": string;
      };
    };
    responses: {
      /** @description DER TimeStampResp (a rejection is a status too) */
      200: {
        content: {
          "application/timestamp-reply": string;
        };
      };
    };
  };
  /** The current user agreement (MB-3): version, hash and texts in kk, ru, en */
  getAgreement: {
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            version: string;
            sha256: string;
            /** Format: date-time */
            publishedAt: string;
            domain?: string;
            texts: {
              kk: string;
              ru: string;
              en: string;
            };
          };
        };
      };
    };
  };
  /** Check an application form and get the canonical document to sign (with a 5-minute single-use nonce) */
  prepareApplication: {
    requestBody: {
      content: {
        "application/json": {
          applicant: {
            /** @enum {string} */
            kind: "individual" | "legal_entity";
            fullName: string;
            /** @description individual */
            iin?: string;
            identityDocument?: {
              number?: string;
              issuedBy?: string;
              /** Format: date */
              issuedOn?: string;
            };
            residentialAddress?: string;
            homePhone?: string;
            mobilePhone?: string;
            /** @description legal entity */
            bin?: string;
            stateRegistration?: {
              number?: string;
              issuedBy?: string;
              /** Format: date */
              date?: string;
            };
            legalAddress?: string;
            actualAddress?: string;
            workPhone?: string;
          };
          login: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @description Canonical JSON (RFC 8785) to sign as CMS over these exact UTF-8 bytes */
            document: string;
            nonce: string;
            /** Format: date-time */
            expiresAt: string;
          };
        };
      };
      /** @description Default Response */
      400: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      429: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /**
   * Submit the signed application (MB-5.1); the mailbox exists at once (MB-6)
   * @description The signature is checked (chain, validity, key purpose, revocation: unknown → 503 try later), the certificate must be the applicant's (IIN; for a legal entity its BIN and the head's or right-to-sign role), the data are confirmed with the state registry. The password is sent beside the document, never inside it.
   */
  submitApplication: {
    requestBody: {
      content: {
        "application/json": {
          /** @description Base64 of the CMS SignedData (DER), attached or detached */
          signature: string;
          /** @description The canonical JSON document signed (required with a detached signature) */
          document?: string;
          password: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        content: {
          "application/json": {
            /** Format: uuid */
            applicationId: string;
            /** Format: uuid */
            mailboxId: string;
            login: string;
            address: string;
            /** @enum {string} */
            kind: "personal" | "organisation";
          };
        };
      };
      /** @description Default Response */
      400: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      409: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      422: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      429: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      503: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** Sign in with login and password (MB-10); sets the session and CSRF cookies */
  login: {
    requestBody: {
      content: {
        "application/json": {
          login: string;
          password: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** Format: uuid */
            accountId: string;
            login: string;
            /** @description Send back in the X-CSRF-Token header on every state-changing request */
            csrfToken: string;
            /** Format: date-time */
            expiresAt: string;
            agreementAcceptanceRequired: boolean;
            /** @description EDS sign-in with a member's certificate (the organisation's BIN): the organisation mailbox to act in (send its id as X-Mailbox-Id), with the roles held */
            organisation?: {
              /** Format: uuid */
              mailboxId?: string;
              address?: string;
              roles?: string[];
            };
          };
        };
      };
      /** @description Default Response */
      400: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      429: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** The document to sign with an authentication key for an EDS sign-in (nonce single-use, 5 minutes) */
  getLoginChallenge: {
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @description Canonical JSON (RFC 8785) to sign as CMS over these exact UTF-8 bytes */
            document: string;
            nonce: string;
            /** Format: date-time */
            expiresAt: string;
          };
        };
      };
      /** @description Default Response */
      429: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /**
   * Sign in with EDS: the signed challenge; lifts a password lockout of the account
   * @description A certificate carrying an organisation's BIN, held by a member of that organisation, signs the person in to their personal account and names the organisation mailbox (422 MEMBER_NEEDS_PERSONAL_ACCOUNT when the person has none).
   */
  loginWithSignature: {
    requestBody: {
      content: {
        "application/json": {
          /** @description Base64 of the CMS SignedData (DER), attached or detached */
          signature: string;
          /** @description The canonical JSON document signed (required with a detached signature) */
          document?: string;
          /** @description Which account (default: the personal account of the certificate's IIN) */
          login?: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** Format: uuid */
            accountId: string;
            login: string;
            /** @description Send back in the X-CSRF-Token header on every state-changing request */
            csrfToken: string;
            /** Format: date-time */
            expiresAt: string;
            agreementAcceptanceRequired: boolean;
            /** @description EDS sign-in with a member's certificate (the organisation's BIN): the organisation mailbox to act in (send its id as X-Mailbox-Id), with the roles held */
            organisation?: {
              /** Format: uuid */
              mailboxId?: string;
              address?: string;
              roles?: string[];
            };
          };
        };
      };
      /** @description Default Response */
      400: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      422: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      429: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      503: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** The signed-in account and its mailbox */
  getCurrentAccount: {
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** Format: uuid */
            accountId: string;
            login: string;
            /** @enum {string} */
            kind: "personal" | "organisation" | "staff";
            status: string;
            staffRole?: string | null;
            postOfficeId?: string | null;
            mailbox?: {
              id?: string;
              address?: string;
              official?: boolean;
              status?: string;
            } | null;
            profile?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** End this session, or every session of the account (`everywhere`) */
  logout: {
    requestBody: {
      content: {
        "application/json": {
          /** @default false */
          everywhere?: boolean;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            sessionsEnded: number;
          };
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** The account's live sessions */
  listSessions: {
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": ({
              id: string;
              current: boolean;
              method: string;
              ip: string | null;
              userAgent: string | null;
              createdAt: string;
              lastSeenAt: string;
              expiresAt: string;
            })[];
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** End one of the account's own sessions */
  revokeSession: {
    parameters: {
      path: {
        sessionId: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            ok: boolean;
          };
        };
      };
      /** @description Default Response */
      400: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      404: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** Accept the current user agreement (asked at sign-in after a new version is published) */
  acceptAgreement: {
    requestBody: {
      content: {
        "application/json": {
          version: string;
          sha256?: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            ok: boolean;
          };
        };
      };
      /** @description Default Response */
      400: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      409: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** The cabinet document to sign with EDS (MB-11) */
  prepareConfirmation: {
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @description Canonical JSON (RFC 8785) to sign as CMS over these exact UTF-8 bytes */
            document: string;
            nonce: string;
            /** Format: date-time */
            expiresAt: string;
          };
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** Confirm the cabinet data with EDS: the mailbox becomes official (MB-11) */
  confirmWithSignature: {
    requestBody: {
      content: {
        "application/json": {
          /** @description Base64 of the CMS SignedData (DER), attached or detached */
          signature: string;
          /** @description The canonical JSON document signed (required with a detached signature) */
          document?: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            confirmationId: string;
            official: boolean;
          };
        };
      };
      /** @description Default Response */
      400: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      422: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      429: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      503: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** Change contact data of the cabinet; drops the official mark until confirmed again (MB-11) */
  updateProfile: {
    requestBody: {
      content: {
        "application/json": {
          [key: string]: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            official: boolean;
          };
        };
      };
      /** @description Default Response */
      400: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** The mailbox of an IIN or BIN (MB-12) — official organisations, `directory` tokens and clerks only; audited */
  lookupDirectory: {
    parameters: {
      query?: {
        iin?: string;
        bin?: string;
        lang?: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            address: string;
            kind: string;
            displayName: string;
            official: boolean;
          };
        };
      };
      /** @description Default Response */
      400: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      404: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      429: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** The organisation's API tokens: name, scopes, expiry, last use (the token itself is shown only once, at issue) */
  listApiTokens: {
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            tokens: ({
                id: string;
                name: string;
                scopes: string[];
                /** Format: date-time */
                createdAt: string;
                /** Format: date-time */
                expiresAt: string;
                /** Format: date-time */
                lastUsedAt: string | null;
                revoked: boolean;
              })[];
          };
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** Issue a scoped bearer token for the organisation's mailbox (shown once) */
  createApiToken: {
    requestBody: {
      content: {
        "application/json": {
          name: string;
          scopes: ("send" | "read" | "directory" | "hybrid")[];
          days?: number;
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        content: {
          "application/json": {
            id: string;
            token: string;
            scopes: string[];
            expiresAt: string;
          };
        };
      };
      /** @description Default Response */
      400: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** Revoke an API token of the organisation */
  revokeApiToken: {
    parameters: {
      path: {
        tokenId: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            ok: boolean;
          };
        };
      };
      /** @description Default Response */
      400: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      404: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** Create a post office (operator admin) */
  createPostOffice: {
    requestBody: {
      content: {
        "application/json": {
          code: string;
          name: string;
          address: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        content: {
          "application/json": {
            id: string;
            code: string;
            name: string;
            address: string;
          };
        };
      };
      /** @description Default Response */
      400: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      409: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** Create a staff account (clerk bound to a post office, print centre, operator admin); returns its one-time activation code */
  createStaffAccount: {
    requestBody: {
      content: {
        "application/json": {
          login: string;
          /** @enum {string} */
          role: "operator_admin" | "clerk" | "print_centre";
          /** Format: uuid */
          postOfficeId?: string;
          iin?: string;
          fullName: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        content: {
          "application/json": {
            accountId: string;
            login: string;
            activationCode: string;
            expiresAt: string;
          };
        };
      };
      /** @description Default Response */
      400: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      409: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** Publish a new user agreement version (operator admin); users accept it at next sign-in */
  publishAgreement: {
    requestBody: {
      content: {
        "application/json": {
          version: string;
          kk: string;
          ru: string;
          en: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        content: {
          "application/json": {
            version: string;
            sha256: string;
          };
        };
      };
      /** @description Default Response */
      400: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      409: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** A clerk registers a paper application (MB-5.2) with the scan of the signed form; returns the one-time activation code */
  registerCounterApplication: {
    requestBody: {
      content: {
        "application/json": {
          /** Format: uuid */
          postOfficeId: string;
          applicant: {
            /** @enum {string} */
            kind: "individual" | "legal_entity";
            fullName: string;
            /** @description individual */
            iin?: string;
            identityDocument?: {
              number?: string;
              issuedBy?: string;
              /** Format: date */
              issuedOn?: string;
            };
            residentialAddress?: string;
            homePhone?: string;
            mobilePhone?: string;
            /** @description legal entity */
            bin?: string;
            stateRegistration?: {
              number?: string;
              issuedBy?: string;
              /** Format: date */
              date?: string;
            };
            legalAddress?: string;
            actualAddress?: string;
            workPhone?: string;
          };
          login: string;
          identityDocumentChecked: string;
          agreementVersion: string;
          scan: {
            /** @enum {string} */
            contentType: "application/pdf" | "image/jpeg" | "image/tiff";
            base64: string;
          };
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        content: {
          "application/json": {
            /** Format: uuid */
            applicationId: string;
            /** Format: uuid */
            mailboxId: string;
            login: string;
            address: string;
            /** @enum {string} */
            kind: "personal" | "organisation";
            activationCode: string;
            activationExpiresAt: string;
          };
        };
      };
      /** @description Default Response */
      400: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      409: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      422: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      503: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** The printable activation slip (PDF, kk+ru) of a counter registration */
  getActivationSlip: {
    parameters: {
      path: {
        applicationId: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          activationCode: string;
        };
      };
    };
    responses: {
      /** @description application/pdf */
      200: {
        content: {
          "application/json": string;
        };
      };
      /** @description Default Response */
      400: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      404: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      422: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** Password reset at the counter: the clerk checks the identity document and issues a one-time code */
  issueResetCode: {
    requestBody: {
      content: {
        "application/json": {
          login: string;
          identityDocumentChecked: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        content: {
          "application/json": {
            login: string;
            code: string;
            expiresAt: string;
          };
        };
      };
      /** @description Default Response */
      400: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      404: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      422: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** First sign-in with a one-time code (counter registration, staff account, counter reset): sets the password */
  activateAccount: {
    requestBody: {
      content: {
        "application/json": {
          login: string;
          code: string;
          password: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** Format: uuid */
            accountId: string;
            login: string;
            /** @description Send back in the X-CSRF-Token header on every state-changing request */
            csrfToken: string;
            /** Format: date-time */
            expiresAt: string;
            agreementAcceptanceRequired: boolean;
            /** @description EDS sign-in with a member's certificate (the organisation's BIN): the organisation mailbox to act in (send its id as X-Mailbox-Id), with the roles held */
            organisation?: {
              /** Format: uuid */
              mailboxId?: string;
              address?: string;
              roles?: string[];
            };
          };
        };
      };
      /** @description Default Response */
      400: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      422: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      429: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** The document to sign (authentication key) to reset the password of a login online */
  prepareResetPassword: {
    requestBody: {
      content: {
        "application/json": {
          login: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @description Canonical JSON (RFC 8785) to sign as CMS over these exact UTF-8 bytes */
            document: string;
            nonce: string;
            /** Format: date-time */
            expiresAt: string;
          };
        };
      };
      /** @description Default Response */
      400: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      429: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** Reset the password with EDS (the signed challenge and the new password); every session ends */
  resetPassword: {
    requestBody: {
      content: {
        "application/json": {
          /** @description Base64 of the CMS SignedData (DER), attached or detached */
          signature: string;
          /** @description The canonical JSON document signed (required with a detached signature) */
          document?: string;
          password: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            login: string;
          };
        };
      };
      /** @description Default Response */
      400: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      422: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      429: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      503: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** Close the mailbox: the address is never reused; export first (exportAcknowledged) */
  closeMailbox: {
    requestBody: {
      content: {
        "application/json": {
          confirmLogin: string;
          exportAcknowledged: boolean;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            address: string;
            closedAt: string;
          };
        };
      };
      /** @description Default Response */
      400: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      409: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** Organisation mailboxes the signed-in person may act in, with roles */
  listMemberships: {
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
              mailboxId?: string;
              address?: string;
              roles?: string[];
            }[];
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** People with access to the organisation's mailbox */
  listMembers: {
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
              id: string;
              iin: string;
              role: string;
              grantedAt: string;
            }[];
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** Grant a person (IIN) a role in the organisation's mailbox: the signed grant */
  grantMember: {
    requestBody: {
      content: {
        "application/json": {
          /** @description Base64 of the CMS SignedData (DER), attached or detached */
          signature: string;
          /** @description The canonical JSON document signed (required with a detached signature) */
          document?: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        content: {
          "application/json": {
            memberId: string;
          };
        };
      };
      /** @description Default Response */
      400: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      409: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      422: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      503: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** The grant or revocation document to sign with the head's (or right-to-sign) EDS */
  prepareMemberChange: {
    requestBody: {
      content: {
        "application/json": {
          /** @enum {string} */
          action: "grant" | "revoke";
          iin?: string;
          /** @enum {string} */
          role?: "head" | "signatory" | "records_officer" | "executor" | "reader";
          memberId?: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @description Canonical JSON (RFC 8785) to sign as CMS over these exact UTF-8 bytes */
            document: string;
            nonce: string;
            /** Format: date-time */
            expiresAt: string;
          };
        };
      };
      /** @description Default Response */
      400: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** Revoke a member's role: the signed revocation */
  revokeMember: {
    requestBody: {
      content: {
        "application/json": {
          /** @description Base64 of the CMS SignedData (DER), attached or detached */
          signature: string;
          /** @description The canonical JSON document signed (required with a detached signature) */
          document?: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            ok: boolean;
          };
        };
      };
      /** @description Default Response */
      400: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      404: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      422: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      503: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** Users lookup by login (operator admin; audited): login, address, kind, official, status, created — no content */
  findAccountByLogin: {
    parameters: {
      query: {
        login: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            login: string;
            address: string | null;
            /** @enum {string} */
            kind: "personal" | "organisation" | "staff";
            official: boolean;
            status: string;
            /** Format: date-time */
            createdAt: string;
          };
        };
      };
      /** @description Default Response */
      400: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      404: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** The operator's evidence certificates, current and past, for verifying evidence offline */
  listOperatorCertificates: {
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            certificates: ({
                /** @description Upper-case hex */
                serialNumber: string;
                subject: string;
                issuer: string;
                /** Format: date-time */
                validFrom: string;
                /** Format: date-time */
                validTo: string;
                /** @description Signs new evidence and audit checkpoints */
                current: boolean;
                /** Format: date-time */
                activatedAt: string;
                /** Format: date-time */
                retiredAt: string | null;
                fingerprints: {
                  sha256: string;
                  sha1: string;
                };
                certificatePem: string;
                /** @description Issuing CA certificates up to the root (PEM), for openssl cms -verify -CAfile */
                chainPem: string;
              })[];
          };
        };
      };
    };
  };
  /** One page of a folder, newest first (keyset cursor) */
  listLetters: {
    parameters: {
      query?: {
        folder?: string;
        cursor?: string;
        limit?: number;
        unseen?: boolean;
        thread?: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            letters: ({
                /** Format: uuid */
                id: string;
                /** @description inbox, sent, drafts, trash, archive, junk, or a user folder id */
                folder: string;
                /** @enum {string} */
                direction: "in" | "out" | "draft";
                messageId: string | null;
                threadId: string | null;
                subject: string;
                from: {
                  address: string;
                  name: string;
                };
                to: string[];
                cc: string[];
                sentAt: string | null;
                /** Format: date-time */
                receivedAt: string;
                snippet: string;
                size: number;
                seen: boolean;
                flagged: boolean;
                keywords: string[];
                hasAttachments: boolean;
                attachments: {
                    filename: string;
                    contentType: string;
                    size: number;
                    sha256: string;
                  }[];
                registered: boolean;
                /** @description Official sender or registered letter; set by jashik only, never by headers */
                verifiedSender: boolean;
                handedOverAt: string | null;
              })[];
            nextCursor: string | null;
          };
        };
      };
      /** @description Default Response */
      400: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** Send a letter to mailboxes and e-mail addresses (optionally registered, with evidence) */
  sendLetter: {
    parameters: {
      header?: {
        "idempotency-key"?: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          to: string[];
          cc?: string[];
          subject: string;
          text?: string;
          html?: string;
          /** @default false */
          registered?: boolean;
          /**
           * Format: date-time
           * @description Registered letters: when an unopened letter yields AcceptanceRejectionExpiry
           */
          handoverDeadline?: string;
          /**
           * Format: uuid
           * @description A letter of your mailbox this one answers
           */
          inReplyTo?: string;
          /**
           * Format: uuid
           * @description The draft this letter was written in (removed when the letter is accepted)
           */
          draftId?: string;
          attachments?: {
              filename: string;
              contentType?: string;
              contentBase64: string;
            }[];
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            submissionId: string;
            letterId: string;
            messageId: string;
            registered: boolean;
            duplicate: boolean;
          };
        };
      };
      /** @description Default Response */
      201: {
        content: {
          "application/json": {
            submissionId: string;
            letterId: string;
            messageId: string;
            registered: boolean;
            duplicate: boolean;
          };
        };
      };
      /** @description Default Response */
      400: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      413: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      422: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      507: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** Save a letter being written in Drafts (optionally replacing a previous draft); nothing is delivered */
  saveDraft: {
    requestBody: {
      content: {
        "application/json": {
          to?: string[];
          cc?: string[];
          subject?: string;
          text?: string;
          html?: string;
          /**
           * Format: uuid
           * @description The draft this one replaces
           */
          draftId?: string;
          attachments?: {
              filename: string;
              contentType?: string;
              contentBase64: string;
            }[];
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        content: {
          "application/json": {
            letterId: string;
          };
        };
      };
      /** @description Default Response */
      400: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      404: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      413: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      507: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** Full-text search (Kazakh and Russian, partial words) with filters */
  searchLetters: {
    parameters: {
      query: {
        q: string;
        folder?: string;
        from?: string;
        to?: string;
        hasAttachments?: boolean;
        registered?: boolean;
        cursor?: string;
        limit?: number;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            letters: ({
                /** Format: uuid */
                id: string;
                /** @description inbox, sent, drafts, trash, archive, junk, or a user folder id */
                folder: string;
                /** @enum {string} */
                direction: "in" | "out" | "draft";
                messageId: string | null;
                threadId: string | null;
                subject: string;
                from: {
                  address: string;
                  name: string;
                };
                to: string[];
                cc: string[];
                sentAt: string | null;
                /** Format: date-time */
                receivedAt: string;
                snippet: string;
                size: number;
                seen: boolean;
                flagged: boolean;
                keywords: string[];
                hasAttachments: boolean;
                attachments: {
                    filename: string;
                    contentType: string;
                    size: number;
                    sha256: string;
                  }[];
                registered: boolean;
                /** @description Official sender or registered letter; set by jashik only, never by headers */
                verifiedSender: boolean;
                handedOverAt: string | null;
              })[];
            nextCursor: string | null;
          };
        };
      };
      /** @description Default Response */
      400: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** One letter with its text and sanitised HTML (marks it read; the first opening of a registered letter is its ContentHandover) */
  getLetter: {
    parameters: {
      path: {
        id: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            letter: {
              /** Format: uuid */
              id: string;
              /** @description inbox, sent, drafts, trash, archive, junk, or a user folder id */
              folder: string;
              /** @enum {string} */
              direction: "in" | "out" | "draft";
              messageId: string | null;
              threadId: string | null;
              subject: string;
              from: {
                address: string;
                name: string;
              };
              to: string[];
              cc: string[];
              sentAt: string | null;
              /** Format: date-time */
              receivedAt: string;
              snippet: string;
              size: number;
              seen: boolean;
              flagged: boolean;
              keywords: string[];
              hasAttachments: boolean;
              attachments: {
                  filename: string;
                  contentType: string;
                  size: number;
                  sha256: string;
                }[];
              registered: boolean;
              /** @description Official sender or registered letter; set by jashik only, never by headers */
              verifiedSender: boolean;
              handedOverAt: string | null;
            };
            text: string;
            html?: string | null;
          };
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      404: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** The letter as received, byte for byte (message/rfc822) */
  getLetterRaw: {
    parameters: {
      path: {
        id: string;
      };
    };
    responses: {
      /** @description The RFC 5322 message */
      200: {
        content: {
          "application/json": string;
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      404: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** One attachment, decoded, as a download */
  getAttachment: {
    parameters: {
      path: {
        id: string;
        index: number;
      };
    };
    responses: {
      /** @description The attachment */
      200: {
        content: {
          "application/json": string;
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      404: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** Set read/unread, flag and keywords */
  markLetters: {
    requestBody: {
      content: {
        "application/json": {
          ids: string[];
          seen?: boolean;
          flagged?: boolean;
          keywords?: string[];
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            updated?: number;
          };
        };
      };
      /** @description Default Response */
      400: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      404: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** Move letters to a folder */
  moveLetters: {
    requestBody: {
      content: {
        "application/json": {
          ids: string[];
          folder: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            updated?: number;
          };
        };
      };
      /** @description Default Response */
      400: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      404: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** Move letters to Trash; letters already in Trash are deleted for good */
  deleteLetters: {
    requestBody: {
      content: {
        "application/json": {
          ids: string[];
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            trashed?: number;
            deleted?: number;
          };
        };
      };
      /** @description Default Response */
      400: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      404: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** Folders with counts, and the quota usage */
  listFolders: {
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            folders: {
                id: string;
                name: string;
                system: boolean;
                total: number;
                unread: number;
              }[];
            usedBytes: number;
            quotaBytes: number;
          };
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** Create a folder of your own */
  createFolder: {
    requestBody: {
      content: {
        "application/json": {
          name: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        content: {
          "application/json": {
            id?: string;
            name?: string;
          };
        };
      };
      /** @description Default Response */
      400: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      409: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** Delete a folder of your own (its letters go to Trash) */
  deleteFolder: {
    parameters: {
      path: {
        id: string;
      };
    };
    responses: {
      /** @description Default Response */
      204: {
        content: never;
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      404: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** A letter's evidence records (ETSI EN 319 522 events), in chain order */
  listEvidence: {
    parameters: {
      path: {
        id: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": ({
              id: string;
              event: string;
              position: number;
              messageId: string;
              sender: string | null;
              recipient: string | null;
              createdAt: string;
              cmsSha256: string;
            })[];
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      404: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** One evidence record: JSON with the canonical document and the CMS, or ?format=p7s for the .p7s file (openssl cms -verify -inform DER), ?format=document for the signed bytes */
  getEvidence: {
    parameters: {
      query?: {
        format?: "json" | "p7s" | "document";
      };
      path: {
        id: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            id: string;
            event: string;
            position: number;
            messageId: string;
            sender: string | null;
            recipient: string | null;
            createdAt: string;
            cmsSha256: string;
            document: {
              [key: string]: unknown;
            };
            documentBase64: string;
            cmsBase64: string;
          };
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      404: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** The mailbox (or one folder) as a ZIP of the original .eml files, evidence beside registered letters, and manifest.json of SHA-256 digests */
  exportMailbox: {
    parameters: {
      query?: {
        folder?: string;
      };
    };
    responses: {
      /** @description application/zip */
      200: {
        content: {
          "application/json": string;
        };
      };
      /** @description Default Response */
      400: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** The external address told (without content) when a registered or official letter arrives */
  getNotifyAddress: {
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            address: string | null;
            verified: boolean;
          };
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** Name (or with null remove) the external address; a confirmation code is e-mailed to it */
  setNotifyAddress: {
    requestBody: {
      content: {
        "application/json": {
          address: string | null;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            address: string | null;
            verified: boolean;
          };
        };
      };
      /** @description Default Response */
      400: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      429: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** Confirm the external address with the code e-mailed to it */
  confirmNotifyAddress: {
    requestBody: {
      content: {
        "application/json": {
          code: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            address: string | null;
            verified: boolean;
          };
        };
      };
      /** @description Default Response */
      400: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      429: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** Check an evidence file against the published operator certificates and say what it proves (no sign-in needed) */
  verifyEvidence: {
    requestBody: {
      content: {
        "application/json": {
          evidenceBase64: string;
          previousEvidenceBase64?: string;
          messageBase64?: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            valid: boolean;
            problems: string[];
            event?: string | null;
            /** @description What the evidence proves, in the request's language */
            meaning?: string | null;
            document?: {
              [key: string]: unknown;
            } | null;
            signer?: {
              subject?: string;
              serialNumber?: string;
              fingerprintSha256?: string;
            } | null;
            signingTime?: string | null;
            timestamp?: string | null;
          };
        };
      };
      /** @description Default Response */
      400: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      429: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** A draft e-document: DOC/DOCX content files, up to 6 attachments (60 MB in all, types checked by content), content and RCC requisites (DF-2…DF-5) */
  createDocument: {
    requestBody: {
      content: {
        "application/json": {
          senderMailboxId: string;
          recipientMailboxId?: string;
          typeCode: string;
          requisites?: {
            senderName?: string;
            senderReference?: {
              legalAddress?: string;
              phone?: string;
              fax?: string;
              email?: string;
            };
            incomingReference?: {
              number: string;
              date: string;
            };
            placeOfCreation?: string;
            addressee?: string;
            approvalMark?: string;
            title?: string;
            attachmentMark?: string;
            executorMark?: {
              surname?: string;
              phone?: string;
              email?: string;
            };
          };
          card?: {
            nomenclatureIndex?: string;
            questionNature?: string;
            subject?: string;
            sheets?: {
              main: number;
              attachments: number;
            };
            addresseeOrganisation?: string;
            addresseePosition?: string;
            addresseeSurname?: string;
            executorSurname?: string;
            executorPhone?: string;
            controlMark?: boolean;
            executionMark?: string;
            reference?: {
              number: string;
              date: string;
            };
            /** @enum {string} */
            paperOriginal?: "none" | "paper_original" | "paper_copy";
          };
          /** @description DF-20: documents with state secrets are refused */
          stateSecret?: boolean;
          /** @enum {string} */
          medium?: "electronic" | "paper";
          files: ({
              /** @enum {string} */
              role: "content" | "attachment";
              filename: string;
              contentBase64: string;
            })[];
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        content: {
          "application/json": {
            id: string;
          };
        };
      };
      /** @description Default Response */
      400: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      404: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      413: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      422: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** The one original of a document, its signatures, RCC, registrations and deliveries (sender or recipient side) */
  getDocument: {
    parameters: {
      path: {
        id: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            id?: string;
            status?: string;
            typeCode?: string;
            typeVersion?: number;
            senderMailboxId?: string;
            recipientMailboxId?: string | null;
            medium?: string;
            documentDate?: string | null;
            createdAt?: string;
            sentAt?: string | null;
            author?: {
              [key: string]: unknown;
            };
            requisites?: {
              [key: string]: unknown;
            };
            card?: {
              [key: string]: unknown;
            };
            /** @description The registration-control card: canonical JSON (RFC 8785) as signed */
            rcc?: string | null;
            /** @description CMS (base64) of the records officer over `rcc` */
            rccSignature?: string | null;
            rccSigner?: ({
              subject?: string;
              serialNumber?: string;
              fingerprint?: string;
              iin?: string | null;
              bin?: string | null;
              roles?: string[];
              name?: string | null;
              notBefore?: string;
              notAfter?: string;
              trustedTime?: string;
              signingTime?: string | null;
            }) | null;
            files?: ({
                position?: number;
                role?: string;
                filename?: string;
                format?: string;
                size?: number;
                sha256?: string;
                /** @description Detached CMS (base64) with every official as a SignerInfo */
                signature?: string | null;
                signers?: ({
                    subject?: string;
                    serialNumber?: string;
                    fingerprint?: string;
                    iin?: string | null;
                    bin?: string | null;
                    roles?: string[];
                    name?: string | null;
                    notBefore?: string;
                    notAfter?: string;
                    trustedTime?: string;
                    signingTime?: string | null;
                  })[];
              })[];
            registrations?: ({
                id?: string;
                journal?: string;
                number?: string;
                date?: string;
                nomenclatureIndex?: string;
                controlMark?: boolean;
                executionMark?: string | null;
                filedIndex?: string | null;
                retainUntil?: string | null;
              })[];
            deliveries?: ({
                id?: string;
                recipientMailboxId?: string;
                status?: string;
                sentAt?: string;
                receivedAt?: string;
                check?: {
                  [key: string]: unknown;
                } | null;
                heldUntil?: string | null;
                receiptId?: string | null;
                alertedAt?: string | null;
              })[];
          };
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      404: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** A content file or attachment as stored (to sign it, or read it) */
  getDocumentFile: {
    parameters: {
      path: {
        id: string;
        position: number;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": string;
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      404: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** An official's detached CMS for each content file; co-signers become SignerInfos of the same CMS (DF-19) */
  addDocumentSignature: {
    parameters: {
      path: {
        id: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          signatures: {
              position: number;
              signature: string;
            }[];
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            documentDate?: string;
            signers?: {
                [key: string]: unknown;
              }[];
          };
        };
      };
      /** @description Default Response */
      400: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      404: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      409: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      422: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      503: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** Checks the form (DF-12), reserves the outgoing number and returns the RCC for the records officer to sign */
  prepareRegistration: {
    parameters: {
      path: {
        id: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          nomenclatureIndex?: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            registrationId?: string;
            number?: string;
            card?: string;
          };
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      404: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      409: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      422: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** Registers an outgoing document with the records officer's signature over the prepared RCC (outgoing only) */
  registerDocument: {
    parameters: {
      path: {
        id: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          /** @description CMS (base64), attached or detached, over exactly the prepared document */
          signature: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            registrationId?: string;
            number?: string;
            date?: string;
            signer?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      400: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      404: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      409: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      422: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      503: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** Sends a registered document to the recipient's mailbox as a registered item; the receipt is watched for one working day (DF-11) */
  sendDocument: {
    parameters: {
      path: {
        id: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            deliveryId?: string;
            sentAt?: string;
            watchDue?: string;
          };
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      404: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      409: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      422: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** Documents received by an organisation with their verification and primary-processing results */
  listIncoming: {
    parameters: {
      query: {
        mailboxId: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
              [key: string]: unknown;
            }[];
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** Builds the notification-receipt (accepted: with the reserved incoming number; not accepted: with the coded reasons) for the records officer to sign */
  prepareIncomingDecision: {
    parameters: {
      path: {
        deliveryId: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          /** @enum {string} */
          decision: "accept" | "reject";
          nomenclatureIndex?: string;
          responsibleExecutor?: {
            name: string;
            iin?: string;
            phone?: string;
            email?: string;
          };
          comment?: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            receipt?: string;
            registration?: {
              number?: string;
              date?: string;
            } | null;
          };
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      404: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      409: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      422: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** Registers a positively checked incoming document and issues the DF-10 receipt signed by the records officer */
  acceptIncomingDocument: {
    parameters: {
      path: {
        deliveryId: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          /** @description CMS (base64), attached or detached, over exactly the prepared document */
          signature: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            receiptId?: string;
            registration?: {
              number?: string;
              date?: string;
            } | null;
          };
        };
      };
      /** @description Default Response */
      400: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      404: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      409: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      422: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      503: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** Issues the "not accepted" receipt with the coded reasons, signed by the records officer (DF-7) */
  rejectIncomingDocument: {
    parameters: {
      path: {
        deliveryId: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          /** @description CMS (base64), attached or detached, over exactly the prepared document */
          signature: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            receiptId?: string;
            registration?: {
              number?: string;
              date?: string;
            } | null;
          };
        };
      };
      /** @description Default Response */
      400: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      404: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      409: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      422: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      503: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** The notification-receipt of a delivery (sender or recipient); without one the document counts as not delivered */
  getReceipt: {
    parameters: {
      path: {
        deliveryId: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            deliveryId: string;
            delivered: boolean;
            status: string;
            alertedAt?: string | null;
            receipt?: ({
              id?: string;
              /** @enum {string} */
              kind?: "accepted" | "not_accepted";
              /** @description The notification-receipt: canonical JSON with the DF-10 fields */
              document?: string;
              signature?: string;
              signer?: {
                subject?: string;
                serialNumber?: string;
                fingerprint?: string;
                iin?: string | null;
                bin?: string | null;
                roles?: string[];
                name?: string | null;
                notBefore?: string;
                notAfter?: string;
                trustedTime?: string;
                signingTime?: string | null;
              };
              automatic?: boolean;
              createdAt?: string;
            }) | null;
          };
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      404: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** An organisation's outgoing or incoming journal */
  listJournal: {
    parameters: {
      query: {
        mailboxId: string;
        journal: "outgoing" | "incoming";
        from?: string;
        to?: string;
        limit?: number;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
              [key: string]: unknown;
            }[];
        };
      };
      /** @description Default Response */
      400: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** Search over RCC fields and document text, with filters (DF-1) */
  searchDocuments: {
    parameters: {
      query: {
        mailboxId: string;
        q?: string;
        journal?: "outgoing" | "incoming";
        typeCode?: string;
        from?: string;
        to?: string;
        executorIin?: string;
        status?: string;
        limit?: number;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
              [key: string]: unknown;
            }[];
        };
      };
      /** @description Default Response */
      400: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** The head assigns an executor with a deadline: a date or working days (DF-13) */
  assignExecution: {
    parameters: {
      path: {
        id: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          executorIin: string;
          executorName?: string;
          instruction?: string;
          deadlineDate?: string;
          workingDays?: number;
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        content: {
          "application/json": {
            executionId?: string;
            deadline?: string;
          };
        };
      };
      /** @description Default Response */
      400: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      404: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      409: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      422: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** The executor reports execution */
  reportExecution: {
    parameters: {
      path: {
        id: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          report: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      204: {
        content: never;
      };
      /** @description Default Response */
      400: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      404: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      409: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** The head accepts the reported execution */
  acceptExecution: {
    parameters: {
      path: {
        id: string;
      };
    };
    responses: {
      /** @description Default Response */
      204: {
        content: never;
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      404: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      409: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** Assignments under control: open, overdue or due within one working day */
  listControl: {
    parameters: {
      query: {
        mailboxId: string;
        filter?: "open" | "overdue" | "due_soon";
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
              [key: string]: unknown;
            }[];
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** Filing mark "в дело" with the nomenclature index; sets the end of retention */
  fileDocument: {
    parameters: {
      path: {
        id: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          nomenclatureIndex: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            retainUntil?: string | null;
          };
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      404: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      409: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      422: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** Certified paper copy (PDF) with the copy mark, verification result, source system, date and the triangular stamp (DF-17) */
  makePaperCopy: {
    parameters: {
      path: {
        id: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          certifierName?: string;
        } | null;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": string;
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      404: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      409: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      422: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** Self-contained, offline-verifiable archive package (ZIP with manifest) of a document (DF-14) */
  exportArchivePackage: {
    parameters: {
      path: {
        id: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": string;
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      404: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** Destruction list of entries whose retention ended before a date */
  proposeDestruction: {
    requestBody: {
      content: {
        "application/json": {
          mailboxId: string;
          asOf: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        content: {
          "application/json": {
            destructionId?: string;
            items?: {
                [key: string]: unknown;
              }[];
          };
        };
      };
      /** @description Default Response */
      400: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** The head approves: the signed destruction act is kept and the documents are deleted */
  approveDestruction: {
    parameters: {
      path: {
        id: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            act?: string;
            signature?: string;
            destroyed?: string[];
          };
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      404: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      409: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** Cabinet alerts: missing receipts (DF-11), overdue executions, receipts received */
  listDocflowAlerts: {
    parameters: {
      query: {
        mailboxId: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
              [key: string]: unknown;
            }[];
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** The registration-number pattern of an organisation ({index}, {seq}, {year}, {yy}, {journal}) */
  updateDocflowSettings: {
    parameters: {
      path: {
        mailboxId: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          numberPattern: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            numberPattern?: string;
          };
        };
      };
      /** @description Default Response */
      400: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** Current reference data shared by all participants (DF-5) */
  listReference: {
    parameters: {
      path: {
        kind: "document_type" | "nomenclature" | "organisation";
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
              [key: string]: unknown;
            }[];
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** A new version of a reference entry (operator admin) */
  putReference: {
    parameters: {
      path: {
        kind: "document_type" | "nomenclature" | "organisation";
        code: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          data?: {
            [key: string]: unknown;
          };
          retired?: boolean;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            [key: string]: unknown;
          };
        };
      };
      /** @description Default Response */
      400: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** Every version of every reference entry, for exchange between participants */
  exportReference: {
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            exportedAt?: string;
            entries?: {
                [key: string]: unknown;
              }[];
          };
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** The sender's own hybrid items, newest first: S10, recipient, status, last tracking event (time, place) and price; keyset paging with the returned cursor */
  listHybridLetters: {
    parameters: {
      query?: {
        limit?: number;
        cursor?: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            nextCursor: string | null;
            items: ({
                itemId: string;
                s10: string | null;
                subject: string;
                recipient: {
                  name: string | null;
                  locality: string | null;
                  mailbox: string | null;
                };
                status: string;
                statusAt: string;
                lastEvent: ({
                  event: string;
                  occurredAt: string;
                  place: string | null;
                }) | null;
                pages: number;
                priceTiyn: number | null;
                createdAt: string;
              })[];
          };
        };
      };
      /** @description Default Response */
      400: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** Submit an e-letter for delivery on paper (or digital first with print-if-unread, or by IIN/BIN); content is text or a base64 PDF */
  submitHybridLetter: {
    parameters: {
      header?: {
        "idempotency-key"?: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          recipient: {
            address?: {
              recipientName?: string;
              /** @description One of: astana, almaty, shymkent, abai, akmola, aktobe, almaty_region, atyrau, east_kazakhstan, zhambyl, zhetysu, west_kazakhstan, karaganda, kostanay, kyzylorda, mangystau, pavlodar, north_kazakhstan, turkistan, ulytau */
              region?: string;
              locality?: string;
              street?: string;
              house?: string;
              apartment?: string;
              postcode?: string;
            };
            mailbox?: string;
            idNumber?: string;
          };
          sender?: {
            name?: string;
            lines?: string[];
          };
          subject?: string;
          content: {
            text?: string;
            pdfBase64?: string;
          };
          registered?: boolean;
          /** @enum {string} */
          returnPolicy?: "return_to_sender" | "shred";
          printIfUnreadDays?: number;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            itemId: string;
            /** @enum {string} */
            mode: "paper" | "digital_first" | "mailbox";
            s10?: string | null;
            status: string;
            pages: number;
            priceTiyn?: number | null;
            printCentre?: string | null;
            printAfter?: string | null;
            letterId?: string | null;
            evidenceId?: string | null;
            duplicate: boolean;
          };
        };
      };
      /** @description Default Response */
      201: {
        content: {
          "application/json": {
            itemId: string;
            /** @enum {string} */
            mode: "paper" | "digital_first" | "mailbox";
            s10?: string | null;
            status: string;
            pages: number;
            priceTiyn?: number | null;
            printCentre?: string | null;
            printAfter?: string | null;
            letterId?: string | null;
            evidenceId?: string | null;
            duplicate: boolean;
          };
        };
      };
      /** @description Default Response */
      400: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      404: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      413: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      422: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** One tracking evidence of a hybrid item (its sender or operator staff): JSON with the signed document, or ?format=p7s for the .p7s (openssl cms -verify -inform DER), ?format=document for the signed bytes */
  getHybridEvidence: {
    parameters: {
      query?: {
        format?: "json" | "p7s" | "document";
      };
      path: {
        evidenceId: string;
      };
    };
    responses: {
      /** @description JSON (below), or application/pkcs7-signature, or the signed JSON document by `format` */
      200: {
        content: {
          "application/json": {
            evidenceId?: string;
            event?: string;
            itemId?: string | null;
            paperLetterId?: string | null;
            createdAt?: string;
            cmsSha256?: string;
            document?: {
              [key: string]: unknown;
            };
            cmsBase64?: string;
          };
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      404: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** Tracking of a hybrid item by id or S10 number (its sender or operator staff) */
  getHybridStatus: {
    parameters: {
      path: {
        ref: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            itemId: string;
            s10: string | null;
            status: string;
            statusAt: string;
            printCentre: string | null;
            pages: number;
            priceTiyn: number | null;
            printAfter: string | null;
            registered: boolean;
            returnPolicy: string;
            inBatch: boolean;
            createdAt: string;
            subject: string;
            recipient: {
              name: string | null;
              mailbox: string | null;
              address: {
                [key: string]: string;
              } | null;
            };
            events: ({
                event: string;
                occurredAt: string;
                place: string | null;
                evidenceId: string | null;
              })[];
          };
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      404: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** A tracking event by S10 from a print centre or post office; repeats are idempotent, out-of-order events are refused */
  recordHybridEvent: {
    requestBody: {
      content: {
        "application/json": {
          s10: string;
          event: string;
          /** Format: date-time */
          occurredAt?: string;
          place?: string;
          eventId?: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            itemId?: string;
            s10?: string;
            event?: string;
            status?: string;
            evidenceId?: string;
            duplicate?: boolean;
          };
        };
      };
      /** @description Default Response */
      400: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      404: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      409: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** A clerk registers an incoming paper letter: scans (base64 PDF/TIFF/JPEG), addressee, sender as written; delivered as an e-letter with ReceivedFromNonERDS evidence */
  registerPaperLetter: {
    parameters: {
      header?: {
        "idempotency-key"?: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          addressee: {
            mailbox?: string;
            idNumber?: string;
            email?: string;
          };
          senderAsWritten: string;
          scans: string[];
          /** @enum {string} */
          originalFate?: "kept" | "returned" | "destroyed";
          keepDays?: number;
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        content: {
          "application/json": {
            paperLetterId?: string;
            deliveredTo?: string;
            letterId?: string | null;
            evidenceId?: string;
            keepUntil?: string | null;
            scans?: {
                sha256?: string;
                size?: number;
                contentType?: string;
              }[];
          };
        };
      };
      /** @description Default Response */
      400: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      409: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      413: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      415: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** A clerk records what became of a registered paper letter's original: kept (until keepUntil), returned to the sender, or destroyed. Returned and destroyed are final; repeating the current fate is idempotent; each change gets signed evidence */
  recordPaperOriginalFate: {
    parameters: {
      path: {
        paperLetterId: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          /** @enum {string} */
          fate: "kept" | "returned" | "destroyed";
          /** Format: date-time */
          keepUntil?: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            paperLetterId?: string;
            originalFate?: string;
            previousFate?: string;
            keepUntil?: string | null;
            fateRecordedAt?: string | null;
            evidenceId?: string | null;
            duplicate?: boolean;
          };
        };
      };
      /** @description Default Response */
      400: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      404: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      409: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** Print batches (files, manifest checksum) per print centre, newest first (print centre staff, operator admins) */
  listPrintBatches: {
    parameters: {
      query?: {
        printCentre?: string;
        limit?: number;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": ({
              batchId?: string;
              name?: string;
              printCentre?: string;
              status?: string;
              items?: number;
              pages?: number;
              files?: {
                  [key: string]: unknown;
                }[];
              checksum?: string | null;
              createdAt?: string;
              droppedAt?: string | null;
            })[];
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** Monthly statement of a sender's paper items with their stored prices (Asia/Almaty calendar month), as JSON, CSV or PDF; operator admins name the mailbox */
  getHybridStatement: {
    parameters: {
      query?: {
        format?: "json" | "csv" | "pdf";
        mailboxId?: string;
      };
      path: {
        /** @description YYYY-MM */
        month: string;
      };
    };
    responses: {
      /** @description JSON (below), or text/csv, or application/pdf by `format` */
      200: {
        content: {
          "application/json": {
            mailboxId: string;
            mailbox?: string;
            month: string;
            periodStart?: string;
            periodEnd?: string;
            items: {
                itemId?: string;
                s10?: string;
                acceptedAt?: string;
                pages?: number;
                registered?: boolean;
                status?: string;
                priceTiyn?: number;
              }[];
            totals: {
              items?: number;
              pages?: number;
              priceTiyn?: number;
            };
          };
        };
      };
      /** @description Default Response */
      400: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      404: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** The sender's active tracking webhooks (without secrets) */
  listHybridWebhooks: {
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
              webhookId?: string;
              url?: string;
              createdAt?: string;
            }[];
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** Subscribe a URL to the tracking events of the sender's items: JSON POSTs signed with HMAC-SHA256 (X-Jashik-Signature: sha256=<hex>), retried with backoff; the secret is shown only here */
  createHybridWebhook: {
    requestBody: {
      content: {
        "application/json": {
          url: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        content: {
          "application/json": {
            webhookId?: string;
            url?: string;
            createdAt?: string;
            secret?: string;
          };
        };
      };
      /** @description Default Response */
      400: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      409: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** Revoke one of the sender's tracking webhooks (pending deliveries are dropped) */
  revokeHybridWebhook: {
    parameters: {
      path: {
        webhookId: string;
      };
    };
    responses: {
      /** @description Default Response */
      204: {
        content: never;
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      404: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** Tracking events from a print centre or post office as a file: CSV with the header s10,event,occurred_at,place,event_id, or a JSON array (at most 10000 lines). Each line is validated and recorded on its own (idempotent); refused lines are reported with their error */
  recordHybridEventBatch: {
    requestBody: {
      content: {
        "application/json": {
            s10?: string;
            event?: string;
            occurredAt?: string;
            place?: string;
            eventId?: string;
          }[];
        "text/csv": string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            lines?: number;
            recorded?: number;
            duplicates?: number;
            refused?: number;
            results?: {
                line?: number;
                s10?: string;
                event?: string;
                ok?: boolean;
                status?: string;
                evidenceId?: string;
                duplicate?: boolean;
                error?: {
                  code?: string;
                  message?: string;
                  fields?: {
                      name?: string;
                      code?: string;
                      message?: string;
                    }[];
                };
              }[];
          };
        };
      };
      /** @description Default Response */
      400: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      401: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      403: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      413: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Default Response */
      415: {
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
}
