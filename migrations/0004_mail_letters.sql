CREATE TABLE "letters" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigserial NOT NULL,
	"mailbox_id" uuid NOT NULL,
	"folder" text NOT NULL,
	"direction" text NOT NULL,
	"submission_id" uuid,
	"raw_sha256" text NOT NULL,
	"size" bigint NOT NULL,
	"message_id" text,
	"in_reply_to" text,
	"thread_id" text,
	"subject" text DEFAULT '' NOT NULL,
	"from_address" text DEFAULT '' NOT NULL,
	"from_name" text DEFAULT '' NOT NULL,
	"to_addresses" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"cc_addresses" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"sent_at" timestamp with time zone,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"snippet" text DEFAULT '' NOT NULL,
	"has_attachments" boolean DEFAULT false NOT NULL,
	"attachments" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"registered" boolean DEFAULT false NOT NULL,
	"verified_sender" boolean DEFAULT false NOT NULL,
	"seen" boolean DEFAULT false NOT NULL,
	"flagged" boolean DEFAULT false NOT NULL,
	"keywords" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"handed_over_at" timestamp with time zone,
	"auth_results" jsonb,
	"search_text" text DEFAULT '' NOT NULL,
	"search_tsv" "tsvector",
	CONSTRAINT "letters_seq_unique" UNIQUE("seq"),
	CONSTRAINT "letters_direction_ck" CHECK (direction in ('in', 'out', 'draft'))
);
--> statement-breakpoint
CREATE TABLE "mail_deliveries" (
	"submission_id" uuid NOT NULL,
	"recipient" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"letter_id" uuid,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_response" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mail_deliveries_submission_id_recipient_pk" PRIMARY KEY("submission_id","recipient")
);
--> statement-breakpoint
CREATE TABLE "mail_evidence" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"chain" uuid NOT NULL,
	"position" integer NOT NULL,
	"event" text NOT NULL,
	"message_id" text NOT NULL,
	"sender" text,
	"recipient" text,
	"sender_mailbox_id" uuid,
	"recipient_mailbox_id" uuid,
	"document" "bytea" NOT NULL,
	"cms" "bytea" NOT NULL,
	"cms_sha256" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mail_folders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"mailbox_id" uuid NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mail_submissions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"sender_mailbox_id" uuid,
	"idempotency_key" text,
	"message_id" text NOT NULL,
	"raw_sha256" text NOT NULL,
	"size" bigint NOT NULL,
	"registered" boolean DEFAULT false NOT NULL,
	"handover_deadline" timestamp with time zone,
	"recipients" jsonb NOT NULL,
	"parsed" jsonb NOT NULL,
	"sent_letter_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "letters" ADD CONSTRAINT "letters_mailbox_id_mailboxes_id_fk" FOREIGN KEY ("mailbox_id") REFERENCES "public"."mailboxes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mail_deliveries" ADD CONSTRAINT "mail_deliveries_submission_id_mail_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."mail_submissions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mail_folders" ADD CONSTRAINT "mail_folders_mailbox_id_mailboxes_id_fk" FOREIGN KEY ("mailbox_id") REFERENCES "public"."mailboxes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mail_submissions" ADD CONSTRAINT "mail_submissions_sender_mailbox_id_mailboxes_id_fk" FOREIGN KEY ("sender_mailbox_id") REFERENCES "public"."mailboxes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "letters_folder_page_idx" ON "letters" USING btree ("mailbox_id","folder","seq" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "letters_mailbox_page_idx" ON "letters" USING btree ("mailbox_id","seq" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "letters_thread_idx" ON "letters" USING btree ("mailbox_id","thread_id");--> statement-breakpoint
CREATE INDEX "letters_submission_idx" ON "letters" USING btree ("submission_id");--> statement-breakpoint
CREATE INDEX "letters_search_tsv_idx" ON "letters" USING gin ("search_tsv");--> statement-breakpoint
CREATE INDEX "letters_search_trgm_idx" ON "letters" USING gin ("search_text" gin_trgm_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "mail_evidence_chain_uq" ON "mail_evidence" USING btree ("chain","position");--> statement-breakpoint
CREATE INDEX "mail_evidence_sender_mb_idx" ON "mail_evidence" USING btree ("sender_mailbox_id");--> statement-breakpoint
CREATE INDEX "mail_evidence_recipient_mb_idx" ON "mail_evidence" USING btree ("recipient_mailbox_id");--> statement-breakpoint
CREATE UNIQUE INDEX "mail_folders_name_uq" ON "mail_folders" USING btree ("mailbox_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "mail_submissions_idem_uq" ON "mail_submissions" USING btree ("sender_mailbox_id","idempotency_key");