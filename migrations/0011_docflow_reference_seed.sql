-- DF-5: the starting reference data, so a fresh installation works at once (issue 7).
-- Idempotent: an entry is added only when no version of its code exists (an entry an operator admin
-- edited or retired stays as they left it). Same set as `jashik docflow seed-reference` (default-reference.ts).
insert into docflow_reference (kind, code, version, data, retired, created_by)
select 'document_type', 'letter', 1, $ref${"name":{"kk":"Хат","ru":"Письмо","en":"Letter"},"mandatory":["requisites.senderName","requisites.senderReference","requisites.addressee","requisites.executorMark","card.subject","card.sheets","card.addresseeOrganisation","card.executorSurname","card.executorPhone","card.paperOriginal"],"requiresHeadSignature":false,"initiative":true,"executionDays":10}$ref$::jsonb, false, 'system'
where not exists (select 1 from docflow_reference where kind = 'document_type' and code = 'letter');--> statement-breakpoint
insert into docflow_reference (kind, code, version, data, retired, created_by)
select 'document_type', 'reply', 1, $ref${"name":{"kk":"Жауап хат","ru":"Ответное письмо","en":"Reply letter"},"mandatory":["requisites.senderName","requisites.senderReference","requisites.incomingReference","requisites.addressee","requisites.executorMark","card.subject","card.sheets","card.addresseeOrganisation","card.executorSurname","card.executorPhone","card.reference","card.paperOriginal"],"requiresHeadSignature":false,"initiative":false,"executionDays":10}$ref$::jsonb, false, 'system'
where not exists (select 1 from docflow_reference where kind = 'document_type' and code = 'reply');--> statement-breakpoint
insert into docflow_reference (kind, code, version, data, retired, created_by)
select 'document_type', 'official_letter', 1, $ref${"name":{"kk":"Басшы қол қойған хат","ru":"Письмо за подписью руководителя","en":"Letter signed by the head"},"mandatory":["requisites.senderName","requisites.senderReference","requisites.addressee","requisites.title","requisites.executorMark","card.subject","card.sheets","card.addresseeOrganisation","card.executorSurname","card.executorPhone","card.paperOriginal"],"requiresHeadSignature":true,"initiative":true,"executionDays":15}$ref$::jsonb, false, 'system'
where not exists (select 1 from docflow_reference where kind = 'document_type' and code = 'official_letter');--> statement-breakpoint
insert into docflow_reference (kind, code, version, data, retired, created_by)
select 'nomenclature', '01-01', 1, $ref${"title":{"kk":"Шығыс хат алмасу","ru":"Исходящая переписка","en":"Outgoing correspondence"},"retentionYears":5,"medium":"electronic"}$ref$::jsonb, false, 'system'
where not exists (select 1 from docflow_reference where kind = 'nomenclature' and code = '01-01');--> statement-breakpoint
insert into docflow_reference (kind, code, version, data, retired, created_by)
select 'nomenclature', '01-02', 1, $ref${"title":{"kk":"Кіріс хат алмасу","ru":"Входящая переписка","en":"Incoming correspondence"},"retentionYears":5,"medium":"electronic"}$ref$::jsonb, false, 'system'
where not exists (select 1 from docflow_reference where kind = 'nomenclature' and code = '01-02');--> statement-breakpoint
insert into docflow_reference (kind, code, version, data, retired, created_by)
select 'nomenclature', '01-03', 1, $ref${"title":{"kk":"Бұйрықтар","ru":"Приказы","en":"Orders"},"retentionYears":null,"medium":"electronic"}$ref$::jsonb, false, 'system'
where not exists (select 1 from docflow_reference where kind = 'nomenclature' and code = '01-03');--> statement-breakpoint
insert into docflow_reference (kind, code, version, data, retired, created_by)
select 'nomenclature', '01-04', 1, $ref${"title":{"kk":"Ағымдағы хат алмасу","ru":"Текущая переписка","en":"Routine correspondence"},"retentionYears":1,"medium":"electronic"}$ref$::jsonb, false, 'system'
where not exists (select 1 from docflow_reference where kind = 'nomenclature' and code = '01-04');
