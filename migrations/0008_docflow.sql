CREATE TABLE "docflow_alerts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"mailbox_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"document_id" uuid,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "docflow_certificates" (
	"fingerprint" text PRIMARY KEY NOT NULL,
	"serial" text NOT NULL,
	"subject" text NOT NULL,
	"issuer" text NOT NULL,
	"der" "bytea" NOT NULL,
	"iin" text,
	"bin" text,
	"not_before" timestamp with time zone NOT NULL,
	"not_after" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "docflow_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"document_id" uuid NOT NULL,
	"sender_mailbox_id" uuid NOT NULL,
	"recipient_mailbox_id" uuid NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"check" jsonb,
	"held_until" timestamp with time zone,
	"checked_at" timestamp with time zone,
	"pending_receipt" "bytea",
	"pending_kind" text,
	"registration_id" uuid,
	"receipt_id" uuid,
	"alerted_at" timestamp with time zone,
	CONSTRAINT "docflow_deliveries_status_ck" CHECK (status in ('checking', 'held', 'awaiting_acceptance', 'awaiting_rejection', 'accepted', 'rejected'))
);
--> statement-breakpoint
CREATE TABLE "docflow_destructions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"mailbox_id" uuid NOT NULL,
	"status" text DEFAULT 'proposed' NOT NULL,
	"as_of" date NOT NULL,
	"items" jsonb NOT NULL,
	"proposed_by" text NOT NULL,
	"approved_by" text,
	"act_canonical" "bytea",
	"act_cms" "bytea",
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"executed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "docflow_document_keys" (
	"document_id" uuid NOT NULL,
	"fingerprint" text NOT NULL,
	"usage" text NOT NULL,
	CONSTRAINT "docflow_document_keys_document_id_fingerprint_usage_pk" PRIMARY KEY("document_id","fingerprint","usage")
);
--> statement-breakpoint
CREATE TABLE "docflow_documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"sender_mailbox_id" uuid NOT NULL,
	"recipient_mailbox_id" uuid,
	"author_account_id" text NOT NULL,
	"author" jsonb NOT NULL,
	"type_code" text NOT NULL,
	"type_version" integer NOT NULL,
	"requisites" jsonb NOT NULL,
	"card" jsonb NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"medium" text DEFAULT 'electronic' NOT NULL,
	"state_secret" boolean DEFAULT false NOT NULL,
	"first_signed_at" timestamp with time zone,
	"document_date" date,
	"rcc_canonical" "bytea",
	"rcc_cms" "bytea",
	"rcc_signer" jsonb,
	"search_text" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "docflow_documents_status_ck" CHECK (status in ('draft', 'signed', 'registered', 'sent'))
);
--> statement-breakpoint
CREATE TABLE "docflow_evidence" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"document_id" uuid NOT NULL,
	"delivery_id" uuid,
	"event" text NOT NULL,
	"canonical" "bytea" NOT NULL,
	"cms" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "docflow_executions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"registration_id" uuid NOT NULL,
	"document_id" uuid NOT NULL,
	"mailbox_id" uuid NOT NULL,
	"executor_iin" text NOT NULL,
	"executor_name" text,
	"assigned_by" text NOT NULL,
	"instruction" text DEFAULT '' NOT NULL,
	"deadline" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'assigned' NOT NULL,
	"report" text,
	"reported_at" timestamp with time zone,
	"accepted_at" timestamp with time zone,
	"overdue_notified_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "docflow_files" (
	"document_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"role" text NOT NULL,
	"filename" text NOT NULL,
	"format" text NOT NULL,
	"sha256" text NOT NULL,
	"size" bigint NOT NULL,
	"cms" "bytea",
	"signers" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"text" text DEFAULT '' NOT NULL,
	CONSTRAINT "docflow_files_document_id_position_pk" PRIMARY KEY("document_id","position")
);
--> statement-breakpoint
CREATE TABLE "docflow_paper_copies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"document_id" uuid NOT NULL,
	"mailbox_id" uuid,
	"certifier" jsonb NOT NULL,
	"sha256" text NOT NULL,
	"size" bigint NOT NULL,
	"sheets" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "docflow_receipts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"delivery_id" uuid NOT NULL,
	"document_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"canonical" "bytea" NOT NULL,
	"cms" "bytea" NOT NULL,
	"signer" jsonb NOT NULL,
	"automatic" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "docflow_reference" (
	"kind" text NOT NULL,
	"code" text NOT NULL,
	"version" integer NOT NULL,
	"data" jsonb NOT NULL,
	"retired" boolean DEFAULT false NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "docflow_reference_kind_code_version_pk" PRIMARY KEY("kind","code","version"),
	CONSTRAINT "docflow_reference_kind_ck" CHECK (kind in ('document_type', 'nomenclature', 'organisation'))
);
--> statement-breakpoint
CREATE TABLE "docflow_registrations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"document_id" uuid NOT NULL,
	"mailbox_id" uuid NOT NULL,
	"journal" text NOT NULL,
	"status" text NOT NULL,
	"year" integer NOT NULL,
	"nomenclature_index" text NOT NULL,
	"number" text NOT NULL,
	"registered_at" timestamp with time zone NOT NULL,
	"registration_date" date NOT NULL,
	"registered_by" text NOT NULL,
	"pending_card" "bytea",
	"nonce" text,
	"control_mark" boolean DEFAULT false NOT NULL,
	"execution_mark" text,
	"filed_index" text,
	"filed_at" timestamp with time zone,
	"responsible_executor" jsonb,
	"retain_until" date
);
--> statement-breakpoint
CREATE TABLE "docflow_sequences" (
	"mailbox_id" uuid NOT NULL,
	"journal" text NOT NULL,
	"year" integer NOT NULL,
	"nomenclature_index" text NOT NULL,
	"last" integer NOT NULL,
	CONSTRAINT "docflow_sequences_mailbox_id_journal_year_nomenclature_index_pk" PRIMARY KEY("mailbox_id","journal","year","nomenclature_index")
);
--> statement-breakpoint
CREATE TABLE "docflow_settings" (
	"mailbox_id" uuid PRIMARY KEY NOT NULL,
	"number_pattern" text DEFAULT '{index}/{seq}' NOT NULL,
	"automatic_receipts" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "docflow_validation_data" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"document_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"source" text,
	"der" "bytea" NOT NULL,
	"fetched_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "docflow_alerts" ADD CONSTRAINT "docflow_alerts_mailbox_id_mailboxes_id_fk" FOREIGN KEY ("mailbox_id") REFERENCES "public"."mailboxes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "docflow_deliveries" ADD CONSTRAINT "docflow_deliveries_document_id_docflow_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."docflow_documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "docflow_deliveries" ADD CONSTRAINT "docflow_deliveries_sender_mailbox_id_mailboxes_id_fk" FOREIGN KEY ("sender_mailbox_id") REFERENCES "public"."mailboxes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "docflow_deliveries" ADD CONSTRAINT "docflow_deliveries_recipient_mailbox_id_mailboxes_id_fk" FOREIGN KEY ("recipient_mailbox_id") REFERENCES "public"."mailboxes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "docflow_destructions" ADD CONSTRAINT "docflow_destructions_mailbox_id_mailboxes_id_fk" FOREIGN KEY ("mailbox_id") REFERENCES "public"."mailboxes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "docflow_document_keys" ADD CONSTRAINT "docflow_document_keys_document_id_docflow_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."docflow_documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "docflow_document_keys" ADD CONSTRAINT "docflow_document_keys_fingerprint_docflow_certificates_fingerprint_fk" FOREIGN KEY ("fingerprint") REFERENCES "public"."docflow_certificates"("fingerprint") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "docflow_documents" ADD CONSTRAINT "docflow_documents_sender_mailbox_id_mailboxes_id_fk" FOREIGN KEY ("sender_mailbox_id") REFERENCES "public"."mailboxes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "docflow_documents" ADD CONSTRAINT "docflow_documents_recipient_mailbox_id_mailboxes_id_fk" FOREIGN KEY ("recipient_mailbox_id") REFERENCES "public"."mailboxes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "docflow_evidence" ADD CONSTRAINT "docflow_evidence_document_id_docflow_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."docflow_documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "docflow_executions" ADD CONSTRAINT "docflow_executions_registration_id_docflow_registrations_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."docflow_registrations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "docflow_executions" ADD CONSTRAINT "docflow_executions_document_id_docflow_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."docflow_documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "docflow_executions" ADD CONSTRAINT "docflow_executions_mailbox_id_mailboxes_id_fk" FOREIGN KEY ("mailbox_id") REFERENCES "public"."mailboxes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "docflow_files" ADD CONSTRAINT "docflow_files_document_id_docflow_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."docflow_documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "docflow_paper_copies" ADD CONSTRAINT "docflow_paper_copies_document_id_docflow_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."docflow_documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "docflow_receipts" ADD CONSTRAINT "docflow_receipts_delivery_id_docflow_deliveries_id_fk" FOREIGN KEY ("delivery_id") REFERENCES "public"."docflow_deliveries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "docflow_receipts" ADD CONSTRAINT "docflow_receipts_document_id_docflow_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."docflow_documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "docflow_registrations" ADD CONSTRAINT "docflow_registrations_document_id_docflow_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."docflow_documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "docflow_registrations" ADD CONSTRAINT "docflow_registrations_mailbox_id_mailboxes_id_fk" FOREIGN KEY ("mailbox_id") REFERENCES "public"."mailboxes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "docflow_sequences" ADD CONSTRAINT "docflow_sequences_mailbox_id_mailboxes_id_fk" FOREIGN KEY ("mailbox_id") REFERENCES "public"."mailboxes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "docflow_settings" ADD CONSTRAINT "docflow_settings_mailbox_id_mailboxes_id_fk" FOREIGN KEY ("mailbox_id") REFERENCES "public"."mailboxes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "docflow_validation_data" ADD CONSTRAINT "docflow_validation_data_document_id_docflow_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."docflow_documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "docflow_alerts_mailbox_idx" ON "docflow_alerts" USING btree ("mailbox_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "docflow_deliveries_document_recipient_uq" ON "docflow_deliveries" USING btree ("document_id","recipient_mailbox_id");--> statement-breakpoint
CREATE INDEX "docflow_deliveries_recipient_idx" ON "docflow_deliveries" USING btree ("recipient_mailbox_id","received_at");--> statement-breakpoint
CREATE INDEX "docflow_documents_sender_idx" ON "docflow_documents" USING btree ("sender_mailbox_id","created_at");--> statement-breakpoint
CREATE INDEX "docflow_documents_search_trgm_idx" ON "docflow_documents" USING gin ("search_text" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "docflow_evidence_document_idx" ON "docflow_evidence" USING btree ("document_id");--> statement-breakpoint
CREATE INDEX "docflow_executions_mailbox_idx" ON "docflow_executions" USING btree ("mailbox_id","status","deadline");--> statement-breakpoint
CREATE UNIQUE INDEX "docflow_receipts_delivery_uq" ON "docflow_receipts" USING btree ("delivery_id");--> statement-breakpoint
CREATE UNIQUE INDEX "docflow_registrations_number_uq" ON "docflow_registrations" USING btree ("mailbox_id","journal","year","number");--> statement-breakpoint
CREATE UNIQUE INDEX "docflow_registrations_document_uq" ON "docflow_registrations" USING btree ("document_id","mailbox_id","journal");--> statement-breakpoint
CREATE INDEX "docflow_registrations_journal_idx" ON "docflow_registrations" USING btree ("mailbox_id","journal","registered_at");--> statement-breakpoint
CREATE INDEX "docflow_validation_data_document_idx" ON "docflow_validation_data" USING btree ("document_id");