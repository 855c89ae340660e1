import { wireForm } from "./auth-form.js";

wireForm("login-form", {
  redirectWhen: state => state.userExists ? null : "/setup.html",
  validate: ({ userName, password }) => !userName?.trim() || !password ? "Enter your user name and password." : null,
  submit: ({ userName, password }, api) => api.post("/api/auth/login", { userName: userName.trim(), password }),
});
