/** Field-level refusals of the docflow module, each with its text in kk/ru/en, in one place. */
import { fieldsFrom, refuse, type LocalisedText } from '../../shared/errors.ts';

export const TEXTS = {
  required: { kk: 'Міндетті өріс толтырылмаған', ru: 'Обязательное поле не заполнено', en: 'This field is required' },
  too_many_attachments: { kk: 'Қосымша файлдар 6-дан аспауы керек', ru: 'Приложений не может быть больше 6', en: 'At most 6 attachments are allowed' },
  too_many_content: { kk: 'Мазмұн файлдары тым көп', ru: 'Слишком много файлов содержания', en: 'Too many content files' },
  content_required: { kk: 'Кемінде бір DOC/DOCX мазмұн файлы қажет', ru: 'Нужен хотя бы один файл содержания DOC/DOCX', en: 'At least one DOC/DOCX content file is needed' },
  format_not_allowed: {
    kk: 'Файл пішіміне рұқсат жоқ (PDF, TIFF, JPEG, RTF, DOC, DOCX, XLS, XLSX, PPT, PPTX, RAR, ZIP)',
    ru: 'Формат файла не разрешён (PDF, TIFF, JPEG, RTF, DOC, DOCX, XLS, XLSX, PPT, PPTX, RAR, ZIP)',
    en: 'This file format is not allowed (PDF, TIFF, JPEG, RTF, DOC, DOCX, XLS, XLSX, PPT, PPTX, RAR, ZIP)',
  },
  content_format: { kk: 'Мазмұн бөлігі тек DOC немесе DOCX', ru: 'Содержательная часть — только DOC или DOCX', en: 'The content part must be DOC or DOCX' },
  format_mismatch: {
    kk: 'Файлдың мазмұны оның кеңейтіміне сәйкес емес',
    ru: 'Содержимое файла не соответствует его расширению',
    en: 'The file content does not match its extension',
  },
  filename: { kk: 'Файл атауы жарамсыз', ru: 'Недопустимое имя файла', en: 'Invalid file name' },
  too_large: { kk: 'Барлық файлдардың жалпы көлемі 62 914 560 байттан (60 МБ) аспауы керек', ru: 'Общий размер всех файлов — не более 62 914 560 байт (60 МБ)', en: 'All files together may hold at most 62,914,560 bytes (60 MB)' },
  unknown_type: { kk: 'Құжат түрі анықтамалықта жоқ', ru: 'Вида документа нет в справочнике', en: 'This document type is not in the reference data' },
  unknown_index: { kk: 'Істер номенклатурасында мұндай индекс жоқ', ru: 'Такого индекса нет в номенклатуре дел', en: 'This index is not in the case nomenclature' },
  state_secret: {
    kk: 'Мемлекеттік құпиялары бар құжаттар жүйеде өңделмейді',
    ru: 'Документы с государственными секретами в системе не обрабатываются',
    en: 'Documents containing state secrets are not processed by the system',
  },
  not_official: { kk: 'Пошта жәшігі ресми емес (ЭЦҚ-мен расталмаған)', ru: 'Почтовый ящик не официальный (не подтверждён ЭЦП)', en: 'The mailbox is not official (not confirmed with EDS)' },
  not_organisation: { kk: 'Жіберуші ұйымның пошта жәшігі болуы керек', ru: 'Отправитель должен быть ящиком организации', en: 'The sender must be an organisation mailbox' },
  unknown_mailbox: { kk: 'Мұндай пошта жәшігі жоқ', ru: 'Такого почтового ящика нет', en: 'There is no such mailbox' },
  signer_other_org: {
    kk: 'Қол қоюшының сертификатында жіберуші ұйымның БСН-і жоқ',
    ru: 'В сертификате подписанта нет БИН организации-отправителя',
    en: "The signer's certificate does not carry the sending organisation's BIN",
  },
  signer_not_member: { kk: 'Қол қоюшы ұйымда қол қою рөліне ие емес', ru: 'Подписант не имеет в организации роли подписи', en: 'The signer holds no signing role in the organisation' },
  signer_iin: { kk: 'Қолтаңба басқа адамның сертификатымен қойылған', ru: 'Подпись сделана сертификатом другого лица', en: "The signature was made with another person's certificate" },
  signature_count: { kk: 'Әр мазмұн файлына бір қолтаңба', ru: 'По одной подписи на каждый файл содержания', en: 'One signature per content file' },
  already_signed: { kk: 'Бұл адам бұл файлға қол қойып қойған', ru: 'Этот человек уже подписал этот файл', en: 'This person has already signed this file' },
  not_signed: { kk: 'Мазмұнға лауазымды тұлға қол қоймаған', ru: 'Содержание не подписано должностным лицом', en: 'No official has signed the content' },
  head_required: { kk: 'Бұл құжат түріне басшының қолтаңбасы қажет', ru: 'Для этого вида документа нужна подпись руководителя', en: "This document type needs the head's signature" },
  card_differs: { kk: 'Қолтаңба дайындалған тіркеу карточкасына қойылмаған', ru: 'Подпись сделана не над подготовленной карточкой', en: 'The signature is not over the prepared registration card' },
  deadline: { kk: 'Мерзім болашақта болуы керек', ru: 'Срок должен быть в будущем', en: 'The deadline must be in the future' },
  pattern: { kk: 'Үлгіде {seq} болуы керек', ru: 'Шаблон должен содержать {seq}', en: 'The pattern must contain {seq}' },
} as const satisfies Record<string, LocalisedText>;

export type TextKey = keyof typeof TEXTS;

export const field = fieldsFrom(TEXTS);
export { refuse };
