/**
 * makePaperCopy (DF-17, Rules §34–37): a certified paper copy of an e-document for a recipient
 * outside the system, as a PDF. Every signature is verified first — the stamp certifies a
 * positive result only. Each page bears the mark "Электрондық құжаттың көшірмесі / Копия
 * электронного документа"; the content is rendered readable (text of the DOC/DOCX files); the
 * last sheet carries the verification result (who signed, certificate serial, when, result),
 * the source system, the date of the copy, and the triangular stamp
 * "* * * Электрондық құжаттың көшірмесі дұрыс." with the number of sheets and the certifier.
 * The certifier is a records officer of a participating organisation or a post-office clerk.
 */
import { randomUUID } from 'node:crypto';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { Database } from '../../storage/db/database.ts';
import type { BlobStore } from '../../storage/blobs/blob-store.ts';
import { addBlobRef } from '../../storage/blob-refs.ts';
import { AppError, fieldError } from '../../shared/errors.ts';
import { almatyDateOf } from '../../domain/working-days.ts';
import { SOFTWARE_NAME, VERSION } from '../../shared/version.ts';
import { appendAudit } from '../audit/append-audit.ts';
import { REPORT_CODES, type ReportCode } from '../pki/report.ts';
import { embedPrintFonts } from '../hybrid/fonts.ts';
import { drawTextPage, layoutText } from '../hybrid/text-layout.ts';
import { A4_PT, MM_TO_PT } from '../hybrid/pdf-check.ts';
import { refuse } from './field-texts.ts';
import { signerRecord, type SignerRecord } from './keys.ts';
import { requireDocumentReader } from './queries.ts';
import { parseRcc } from './rcc.ts';
import { extractText } from './text-extract.ts';
import { docflowPaperCopies } from './schema.ts';
import type { FileFormat } from './formats.ts';
import type { DocflowActor, DocflowTrust, MembershipPolicy } from './types.ts';
import { reportCodes, verifyRecording } from './verify-recording.ts';

export const COPY_MARK = 'Электрондық құжаттың көшірмесі / Копия электронного документа';
export const STAMP_TEXT = '* * * Электрондық құжаттың көшірмесі дұрыс.';
export const SOURCE_SYSTEM = `${SOFTWARE_NAME} ${VERSION} — Электрондық абоненттік пошта жәшіктерінің бірыңғай жүйесі`;

type Deps = { database: Database; blobs: BlobStore; membership: MembershipPolicy; trust: DocflowTrust; now: () => Date };

function header(page: PDFPage, font: PDFFont, n: number, total: number): void {
  page.drawText(COPY_MARK, { x: 25 * MM_TO_PT, y: A4_PT.height - 10 * MM_TO_PT, size: 9, font, color: rgb(0.2, 0.2, 0.2) });
  page.drawText(`${n} / ${total}`, { x: A4_PT.width - 30 * MM_TO_PT, y: 10 * MM_TO_PT, size: 9, font });
}

function triangle(page: PDFPage, fonts: { regular: PDFFont; bold: PDFFont }, cx: number, baseY: number, lines: string[]): void {
  const w = 120 * MM_TO_PT;
  const h = 70 * MM_TO_PT;
  page.drawSvgPath(`M ${cx - w / 2} 0 L ${cx + w / 2} 0 L ${cx} ${-h} Z`, { x: 0, y: baseY, borderColor: rgb(0.1, 0.2, 0.6), borderWidth: 1.5 });
  let y = baseY + 12;
  for (const [i, l] of [...lines].reverse().entries()) {
    const font = i === lines.length - 1 ? fonts.bold : fonts.regular;
    const size = i === lines.length - 1 ? 8.5 : 8;
    page.drawText(l, { x: cx - font.widthOfTextAtSize(l, size) / 2, y, size, font, color: rgb(0.1, 0.2, 0.6) });
    y += 11;
  }
}

export async function makePaperCopy(deps: Deps, actor: DocflowActor | undefined, documentId: string, input: { certifierName?: string } = {}): Promise<{ copyId: string; pdf: Buffer; sheets: number }> {
  if (!actor) throw new AppError('UNAUTHENTICATED');
  let mailboxId: string | null = null;
  const clerk = actor.staffRole === 'clerk';
  const { doc, files, deliveries } = clerk ? { ...(await (await import('./load-document.ts')).loadDocument(deps.database.db, documentId)), deliveries: [] } : await requireDocumentReader(deps, actor, documentId, 'makePaperCopy');
  if (!clerk) {
    for (const m of [doc.senderMailboxId, ...deliveries.map((d) => d.recipientMailboxId)]) if ((await deps.membership.rolesOf(actor, m)).includes('records_officer')) mailboxId = m;
    if (!mailboxId) throw new AppError('FORBIDDEN', { detail: 'a records officer or a post-office clerk certifies paper copies' });
  }
  if (!doc.rccCanonical || !doc.rccCms) throw new AppError('DOCFLOW_WRONG_STATE', { detail: 'only a registered document has a certified copy' });
  const rcc = parseRcc(doc.rccCanonical);
  const now = deps.now();
  const receivedAt = deliveries[0]?.receivedAt ?? doc.sentAt ?? doc.firstSignedAt ?? now;
  const signers: (SignerRecord & { result: string })[] = [];
  const texts: string[] = [];
  for (const f of files.filter((x) => x.role === 'content')) {
    const content = await deps.blobs.getBytes(f.sha256);
    texts.push(extractText(f.format as FileFormat, content) || `[${f.filename}]`);
    const { report } = await verifyRecording(deps.trust, f.cms ?? Buffer.alloc(0), { content, receivedAt, at: now });
    const codes = reportCodes(report);
    if (codes.length) throw refuse('PKI_SIGNATURE_INVALID', codes.map((c) => fieldError(`files[${f.position}]`, c.toLowerCase(), REPORT_CODES[c as ReportCode])));
    for (const s of report.signers) signers.push({ ...signerRecord(s), result: 'оң / положительный' });
  }
  const rccReport = await verifyRecording(deps.trust, doc.rccCms, { content: doc.rccCanonical, receivedAt, at: now });
  if (reportCodes(rccReport.report).length) throw refuse('PKI_SIGNATURE_INVALID', [fieldError('rcc', 'signature_invalid', REPORT_CODES.SIGNATURE_INVALID)]);

  const pdf = await PDFDocument.create();
  const fonts = await embedPrintFonts(pdf);
  const contentPages = layoutText(fonts.regular, texts.join('\n\n'));
  const total = contentPages.length + 1;
  contentPages.forEach((lines, i) => {
    const page = pdf.addPage([A4_PT.width, A4_PT.height]);
    drawTextPage(page, fonts.regular, lines);
    header(page, fonts.regular, i + 1, total);
  });
  const last = pdf.addPage([A4_PT.width, A4_PT.height]);
  header(last, fonts.regular, total, total);
  const certifier = input.certifierName ?? actor.displayName ?? actor.iin ?? actor.accountId;
  const info = [
    COPY_MARK,
    '',
    `Құжат / Документ: ${rcc?.documentType.name.kk ?? doc.typeCode} № ${rcc?.registration.number ?? ''} от ${rcc?.registration.date ?? ''} (${doc.id})`,
    `ЭЦҚ тексеру нәтижесі / Результат проверки ЭЦП:`,
    ...signers.map((s) => `  ${s.name ?? s.subject}, ЖСН/ИИН ${s.iin ?? '—'}, БСН/БИН ${s.bin ?? '—'}, сертификат № ${s.serialNumber}, ${s.trustedTime} — ${s.result}`),
    `  Тіркеу карточкасы / Регистрационная карточка: ${rccReport.report.signers[0]?.identity?.commonName ?? ''}, № ${rccReport.report.signers[0]?.certificate?.serialNumber ?? ''} — оң / положительный`,
    `Ақпараттық жүйе / Информационная система: ${SOURCE_SYSTEM}`,
    `Көшірме жасалған күн / Дата изготовления копии: ${almatyDateOf(now)}`,
  ];
  drawTextPage(last, fonts.regular, layoutText(fonts.regular, info.join('\n'))[0]);
  triangle(last, fonts, A4_PT.width / 2, 40 * MM_TO_PT, [STAMP_TEXT, '(ЭЦҚ тексерудің оң нәтижесі анықталды)', `Парақтар саны / Количество листов: ${total}`, `Куәландырған / Заверил: ${certifier}`, 'Қолы / Подпись: ____________']);
  const bytes = Buffer.from(await pdf.save());
  const stored = await deps.blobs.put(bytes);
  const copyId = randomUUID();
  await deps.database.db.transaction(async (tx) => {
    await tx.insert(docflowPaperCopies).values({ id: copyId, documentId, mailboxId, certifier: { name: certifier, accountId: actor.accountId, iin: actor.iin, clerk }, sha256: stored.sha256, size: stored.size, sheets: total });
    await addBlobRef(tx, deps.blobs, stored, { kind: 'docflow.paper_copy', id: copyId });
    await appendAudit(tx, { type: 'docflow.paper_copy', payload: { documentId, copyId, sheets: total, certifier: actor.actor } }, { actor: actor.actor, requestId: actor.requestId });
  });
  return { copyId, pdf: bytes, sheets: total };
}
