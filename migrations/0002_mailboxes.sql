CREATE TABLE "mailboxes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"login" text NOT NULL,
	"address" text NOT NULL,
	"kind" text NOT NULL,
	"official" boolean DEFAULT false NOT NULL,
	"iin" text,
	"bin" text,
	"display_name" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"quota_bytes" bigint DEFAULT 10737418240 NOT NULL,
	"used_bytes" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	CONSTRAINT "mailboxes_login_unique" UNIQUE("login"),
	CONSTRAINT "mailboxes_address_unique" UNIQUE("address"),
	CONSTRAINT "mailboxes_kind_ck" CHECK (kind in ('personal', 'organisation')),
	CONSTRAINT "mailboxes_status_ck" CHECK (status in ('active', 'closed')),
	CONSTRAINT "mailboxes_owner_ck" CHECK ((kind = 'personal' and iin is not null) or (kind = 'organisation' and bin is not null))
);
--> statement-breakpoint
CREATE INDEX "mailboxes_iin_idx" ON "mailboxes" USING btree ("iin");--> statement-breakpoint
CREATE INDEX "mailboxes_bin_idx" ON "mailboxes" USING btree ("bin");