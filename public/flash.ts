// Flash messages: shown in the layout's `[reactor-flash]` as the server rendered them, dismissed by their
// button, and kept in a cookie for the next page when they come with a navigation (the server signed them).

export const showFlash = (html: string) => document.querySelector('[reactor-flash]')?.insertAdjacentHTML('beforeend', html)

export function carryFlash(f?: string): void {
  if (f) document.cookie = `rx_flash=${f};path=/;max-age=120;samesite=lax`
}

export function dismissFlash(): void {
  addEventListener('click', (e) => (e.target as Element).closest?.('[reactor-flash] button')?.parentElement!.remove())
}
