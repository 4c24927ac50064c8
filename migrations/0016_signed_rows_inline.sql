-- Rows of signed documents (receipts, evidence, the documents' registration cards, their files'
-- CMS, deliveries with their check) are 2 to 8 KB: mostly DER and canonical JSON, which pglz
-- hardly shrinks. PostgreSQL tried to compress every such row over about 2 KB before storing it,
-- and moved what it compressed to the TOAST table (another insert, another index entry, another
-- WAL record), then decompressed it on every read. In bench/docflow that compression was the
-- largest single item of PostgreSQL's CPU (about 7%), whose CPU competes with the signatures.
-- With toast_tuple_target at its maximum, rows up to about 8 KB stay inline and uncompressed;
-- larger values (a document's extracted text, up to 200,000 characters) are still compressed and
-- moved out of line as before. Existing rows are unchanged.
ALTER TABLE "docflow_receipts" SET (toast_tuple_target = 8160);--> statement-breakpoint
ALTER TABLE "docflow_evidence" SET (toast_tuple_target = 8160);--> statement-breakpoint
ALTER TABLE "docflow_documents" SET (toast_tuple_target = 8160);--> statement-breakpoint
ALTER TABLE "docflow_files" SET (toast_tuple_target = 8160);--> statement-breakpoint
ALTER TABLE "docflow_deliveries" SET (toast_tuple_target = 8160);--> statement-breakpoint
ALTER TABLE "docflow_validation_data" SET (toast_tuple_target = 8160);--> statement-breakpoint
ALTER TABLE "mail_evidence" SET (toast_tuple_target = 8160);--> statement-breakpoint
ALTER TABLE "hybrid_evidence" SET (toast_tuple_target = 8160);
