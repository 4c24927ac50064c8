/**
 * The printable activation slip (MB-5.2) handed over at the counter: in Kazakh and Russian, the
 * mailbox address, the login, the one-time activation code and its expiry (Asia/Almaty), and
 * where to activate. The code is not stored in clear, so the slip is made when the clerk has it.
 */
import { PDFDocument, rgb } from 'pdf-lib';
import { embedPrintFonts } from '../hybrid/fonts.ts';

export interface SlipData {
  address: string;
  login: string;
  activationCode: string;
  expiresAt: Date;
  postOffice: string;
  applicantName: string;
  activationUrl: string;
}

const almaty = (d: Date) => new Intl.DateTimeFormat('ru-RU', { timeZone: 'Asia/Almaty', dateStyle: 'long', timeStyle: 'short' }).format(d);

export async function renderActivationSlip(s: SlipData): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.setTitle(`Activation slip ${s.address}`);
  doc.setCreator('jashik');
  doc.setProducer('jashik');
  const page = doc.addPage([420, 595]); // A5 portrait, points
  const { regular, bold } = await embedPrintFonts(doc);
  let y = 555;
  const line = (text: string, size = 10, font = regular, gap = 6) => {
    page.drawText(text, { x: 36, y, size, font, color: rgb(0, 0, 0), maxWidth: 348, lineHeight: size + 2 });
    const lines = Math.max(1, Math.ceil(font.widthOfTextAtSize(text, size) / 348));
    y -= lines * (size + 2) + gap;
  };
  line('Электрондық абоненттік пошта жәшігін белсендіру', 13, bold, 2);
  line('Активация электронного абонентского почтового ящика', 13, bold, 14);
  line(`Өтініш беруші / Заявитель: ${s.applicantName}`);
  line('Пошта жәшігінің мекенжайы / Адрес почтового ящика:', 10, regular, 2);
  line(s.address, 14, bold, 10);
  line(`Пайдаланушы аты / Имя пользователя: ${s.login}`, 10, regular, 10);
  line('Белсендіру коды / Код активации:', 10, regular, 2);
  line(s.activationCode, 20, bold, 10);
  line(`Код бір рет қолданылады, ${almaty(s.expiresAt)} дейін жарамды.`, 9);
  line(`Код одноразовый, действителен до ${almaty(s.expiresAt)}.`, 9, regular, 12);
  line(`Алғаш кіргенде ${s.activationUrl} бетінде пайдаланушы атын, кодты енгізіп, құпиясөзді (кемінде 12 таңба) орнатыңыз.`, 9);
  line(`При первом входе на ${s.activationUrl} введите имя пользователя и код и задайте пароль (не короче 12 символов).`, 9, regular, 12);
  line('Кодты ешкімге бермеңіз. Пошта қызметкерлері оны ешқашан сұрамайды.', 9);
  line('Никому не сообщайте код. Работники почты никогда его не спрашивают.', 9, regular, 14);
  line(`${s.postOffice} — ${almaty(new Date())}`, 8);
  return Buffer.from(await doc.save());
}
