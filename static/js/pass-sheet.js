// The door pass's printable sheet: the "Cetak" button opens the browser's print dialog.
document.getElementById("sheet-print").addEventListener("click", () => window.print());
