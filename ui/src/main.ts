import { mount } from "svelte";
import App from "./App.svelte";
import "./app.css";
import { keepFocus } from "./lib/focus";
import { interfaceFontReady } from "./lib/fonts";

keepFocus();

const target = document.getElementById("app");
void interfaceFontReady().then(() => {
  if (target) mount(App, { target });
});
