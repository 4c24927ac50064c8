/**
 * A bundled list of common passwords of 12 characters or more (shorter ones are refused by
 * length anyway): leaked-password favourites, keyboard walks (Latin and Russian/Kazakh
 * layouts), and local words. Compared lower-case. Kept small and in the repository, so the
 * check needs no network.
 */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  '123456789012', '1234567890123', '12345678901234', '123456789123', '1234567891011', '123123123123', '111111111111',
  '000000000000', '121212121212', '123412341234', '112233445566', '098765432109', '987654321098', '147258369147',
  '123qweasdzxc', '1q2w3e4r5t6y', '1q2w3e4r5t6y7u', '1qaz2wsx3edc', '1qaz2wsx3edc4rfv', 'zaq12wsxcde3', 'qazwsxedcrfv',
  'qwertyuiop12', 'qwertyuiop123', 'qwertyuiopasdf', 'qwerty123456', 'qwerty1234567', 'qwertyqwerty', 'asdfghjkl123',
  'asdfghjkl;\'', 'zxcvbnm12345', 'zxcvbnm123456', 'qwe123qwe123', 'qweasdzxc123', 'abc123abc123', 'abcdefghijkl',
  'abcd12345678', 'abcdef123456', 'a1b2c3d4e5f6', 'password1234', 'password12345', 'password123456', 'passw0rd1234',
  'p@ssw0rd1234', 'p@ssword1234', 'mypassword123', 'mypassword1234', 'iloveyou1234', 'iloveyou12345', 'letmein12345',
  'welcome12345', 'welcome123456', 'administrator', 'administrator1', 'admin1234567', 'admin123456789', 'changeme1234',
  'trustno11234', 'football1234', 'baseball1234', 'superman1234', 'sunshine1234', 'princess1234', 'starwars1234',
  'dragon123456', 'monkey123456', 'master123456', 'shadow123456', 'michael12345', 'jennifer1234', 'computer1234',
  'internet1234', 'qwerty12345678', 'q1w2e3r4t5y6', 'q1w2e3r4t5y6u7', '1234qwerasdf', '1234qwer1234', 'qwer1234qwer',
  'asdf1234asdf', 'passwordpassword', 'thisismypassword', 'correcthorsebatterystaple', 'elbasy123456', 'kazakhstan123',
  'kazakhstan2024', 'kazakhstan2025', 'kazakhstan2026', 'qazaqstan2024', 'qazaqstan123', 'astana123456', 'astana2024!',
  'almaty123456', 'almaty2024!!', 'nursultan123', 'kazpost12345', 'kazpost123456', 'pochta123456', 'parol1234567',
  'parol12345678', 'parolparol12', 'йцукенгшщзхъ', 'йцукен123456', 'фывапролджэ1', 'ячсмитьбю123', 'пароль123456',
  'пароль1234567', 'парольпароль', 'qwertyuiopasdfgh', '1234567890qwerty', 'qwerty1234567890', 'abcdefghijklmnop',
  'aaaaaaaaaaaa', 'zzzzzzzzzzzz', 'summer2024!!', 'winter2024!!', 'spring2025!!', 'autumn2025!!', 'january2026!',
  'welcome2024!', 'welcome2025!', 'welcome2026!', 'password2024', 'password2025', 'password2026', 'password!234',
  'qwerty!23456', 'qwerty@12345', 'qwerty123!@#', '!@#$%^&*()_+', '!qaz@wsx#edc', '1qaz!qaz1qaz', 'zaq1zaq1zaq1',
]);

const SEQUENCES = [
  '01234567890123456789', '98765432109876543210', 'abcdefghijklmnopqrstuvwxyz', 'zyxwvutsrqponmlkjihgfedcba',
  'qwertyuiopasdfghjklzxcvbnm', 'йцукенгшщзхъфывапролджэячсмитьбю', '1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p',
];

/** True when the password is on the list or is a trivial pattern (one repeated piece, a keyboard or alphabet run). */
export function isCommonPassword(password: string): boolean {
  const p = password.toLowerCase();
  if (COMMON_PASSWORDS.has(p)) return true;
  if (new Set(p).size <= 3) return true;
  // One short piece repeated ("abcabcabcabc", "qwe1qwe1qwe1").
  for (let n = 1; n <= p.length / 2; n++) {
    if (p.length % n === 0 && p.slice(0, n).repeat(p.length / n) === p) return true;
  }
  // A run along the keyboard or alphabet, with at most a few characters around it.
  const core = p.replace(/[^a-zа-яәғқңөұүһі0-9]/g, '');
  return SEQUENCES.some((s) => core.length >= 8 && (s.includes(core) || (core.length >= 12 && s.includes(core.slice(0, -2)))));
}
