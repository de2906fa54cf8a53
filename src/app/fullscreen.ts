/** Full screen for the classroom mode: the whole page, toggled; refused quietly where not allowed. */
export async function toggleFullscreen(): Promise<void> {
  try {
    if (document.fullscreenElement) await document.exitFullscreen();
    else await document.documentElement.requestFullscreen();
  } catch {
    // An iframe without allowfullscreen, or a browser that refuses: the layout works either way.
  }
}
