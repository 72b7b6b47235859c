// Texts the templates wrote (translated) into data- attributes, with {name} placeholders.

// Fill "{sent} terkirim" style texts; a placeholder with no value stays as it is.
export function fill(text, values = {}) {
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

// t(key, values): the message called key (the key itself when there is none), filled in.
export function translator(messages) {
  return (key, values = {}) => fill(messages[key] ?? key, values);
}
