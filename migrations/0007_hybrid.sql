CREATE TABLE "hybrid_batches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"print_centre" text NOT NULL,
	"status" text NOT NULL,
	"item_count" integer DEFAULT 0 NOT NULL,
	"page_count" integer DEFAULT 0 NOT NULL,
	"files" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"checksum" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"dropped_at" timestamp with time zone,
	CONSTRAINT "hybrid_batches_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "hybrid_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"item_id" uuid NOT NULL,
	"event" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"place" text,
	"actor" text NOT NULL,
	"source_event_id" text,
	"evidence_id" uuid,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hybrid_evidence" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"item_id" uuid,
	"paper_letter_id" uuid,
	"event" text NOT NULL,
	"document" "bytea" NOT NULL,
	"cms" "bytea" NOT NULL,
	"cms_sha256" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hybrid_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"s10" text,
	"sender_mailbox_id" uuid,
	"sender_actor" text NOT NULL,
	"sender" jsonb NOT NULL,
	"recipient_address" jsonb,
	"recipient_mailbox_id" uuid,
	"recipient_id_number" text,
	"region" text,
	"print_centre" text,
	"content_kind" text NOT NULL,
	"content_sha256" text NOT NULL,
	"content_size" integer NOT NULL,
	"content_pages" integer NOT NULL,
	"subject" text DEFAULT '' NOT NULL,
	"registered" boolean DEFAULT true NOT NULL,
	"return_policy" text NOT NULL,
	"status" text NOT NULL,
	"letter_id" uuid,
	"print_after" timestamp with time zone,
	"price_tiyn" integer,
	"idempotency_key" text,
	"batch_id" uuid,
	"batch_file" text,
	"batch_first_page" integer,
	"batch_last_page" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"accepted_at" timestamp with time zone,
	"status_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hybrid_items_s10_unique" UNIQUE("s10"),
	CONSTRAINT "hybrid_items_status_ck" CHECK (status in ('awaiting_read', 'read_online', 'accepted', 'printed', 'enveloped', 'handed_over', 'delivered', 'returned', 'returned_to_sender', 'destroyed')),
	CONSTRAINT "hybrid_items_paper_ck" CHECK (status in ('awaiting_read', 'read_online') or (s10 is not null and recipient_address is not null))
);
--> statement-breakpoint
CREATE TABLE "hybrid_paper_letters" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"post_office_id" uuid,
	"clerk_actor" text NOT NULL,
	"addressee" jsonb NOT NULL,
	"delivered_to" text NOT NULL,
	"sender_as_written" text NOT NULL,
	"scans" jsonb NOT NULL,
	"letter_id" uuid,
	"evidence_id" uuid,
	"original_fate" text NOT NULL,
	"keep_until" timestamp with time zone,
	"fate_recorded_at" timestamp with time zone,
	"idempotency_key" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hybrid_s10_numbers" (
	"s10" text PRIMARY KEY NOT NULL,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hybrid_webhooks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"mailbox_id" uuid NOT NULL,
	"url" text NOT NULL,
	"secret" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "hybrid_events" ADD CONSTRAINT "hybrid_events_item_id_hybrid_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."hybrid_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hybrid_items" ADD CONSTRAINT "hybrid_items_sender_mailbox_id_mailboxes_id_fk" FOREIGN KEY ("sender_mailbox_id") REFERENCES "public"."mailboxes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hybrid_items" ADD CONSTRAINT "hybrid_items_recipient_mailbox_id_mailboxes_id_fk" FOREIGN KEY ("recipient_mailbox_id") REFERENCES "public"."mailboxes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hybrid_webhooks" ADD CONSTRAINT "hybrid_webhooks_mailbox_id_mailboxes_id_fk" FOREIGN KEY ("mailbox_id") REFERENCES "public"."mailboxes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "hybrid_batches_centre_idx" ON "hybrid_batches" USING btree ("print_centre","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "hybrid_events_item_event_uq" ON "hybrid_events" USING btree ("item_id","event");--> statement-breakpoint
CREATE INDEX "hybrid_evidence_item_idx" ON "hybrid_evidence" USING btree ("item_id");--> statement-breakpoint
CREATE INDEX "hybrid_evidence_paper_idx" ON "hybrid_evidence" USING btree ("paper_letter_id");--> statement-breakpoint
CREATE UNIQUE INDEX "hybrid_items_idem_uq" ON "hybrid_items" USING btree ("sender_actor","idempotency_key");--> statement-breakpoint
CREATE INDEX "hybrid_items_print_queue_idx" ON "hybrid_items" USING btree ("print_centre","accepted_at") WHERE status = 'accepted' and batch_id is null;--> statement-breakpoint
CREATE INDEX "hybrid_items_sender_idx" ON "hybrid_items" USING btree ("sender_mailbox_id","accepted_at");--> statement-breakpoint
CREATE UNIQUE INDEX "hybrid_paper_letters_idem_uq" ON "hybrid_paper_letters" USING btree ("clerk_actor","idempotency_key");