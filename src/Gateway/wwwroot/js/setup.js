import { wireForm } from "./auth-form.js";

const minimumPasswordLength = 12;

wireForm("setup-form", {
  redirectWhen: state => state.userExists ? "/login.html" : null,
  validate: ({ userName, password, confirm }) => {
    if (!userName?.trim()) return "Choose a user name.";
    if ((password ?? "").length < minimumPasswordLength) return `The password needs at least ${minimumPasswordLength} characters.`;
    if (password !== confirm) return "The two passwords differ.";
    return null;
  },
  submit: ({ userName, password }, api) => api.post("/api/auth/setup", { userName: userName.trim(), password }),
});
