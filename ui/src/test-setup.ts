import "@testing-library/jest-dom/vitest";

// jsdom lacks the modal dialog API that WebKit provides.
HTMLDialogElement.prototype.showModal ??= function (this: HTMLDialogElement) {
  this.setAttribute("open", "");
};
HTMLDialogElement.prototype.close ??= function (this: HTMLDialogElement) {
  this.removeAttribute("open");
};

// Nor does it lay anything out, so there is nothing to scroll into view.
Element.prototype.scrollIntoView ??= function () {};

// Nor does it watch sizes (`bind:clientWidth`): nothing is laid out, so no size ever changes.
globalThis.ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
};
