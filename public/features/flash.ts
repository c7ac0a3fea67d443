// Flash messages: shown in the layout's `[reactor-flash]` as the server rendered them, dismissed by their
// button, and kept in a cookie for the next page when they come with a navigation (the server signed them).
import type { Feature } from '../core/feature.js'

export const flash: Feature = {
  boot: () => addEventListener('click', (e) => (e.target as Element).closest?.('[reactor-flash] button')?.parentElement!.remove()),
  messages: {
    flash: (m) => document.querySelector('[reactor-flash]')?.insertAdjacentHTML('beforeend', m.html!),
    // before navigation's: the next page shows them
    visit: ({ f }) => f && (document.cookie = `rx_flash=${f};path=/;max-age=120;samesite=lax`),
  },
}
