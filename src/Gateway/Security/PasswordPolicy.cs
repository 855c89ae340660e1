namespace TeslaSync.Gateway.Security;

/// <summary>
/// What a user name and password must be. Length is what matters for a password (NIST SP 800-63B),
/// so there are no composition rules; the upper bounds keep a huge body from costing a slow hash.
/// </summary>
internal static class PasswordPolicy
{
    public const int MinPasswordLength = 12;
    public const int MaxPasswordLength = 256;
    public const int MaxUserNameLength = 64;

    /// <summary>Problems keyed by field (<c>userName</c>, <c>password</c>); empty when both are acceptable.</summary>
    public static Dictionary<string, string[]> Validate(string? userName, string? password)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var name = userName?.Trim() ?? "";
        if (name.Length == 0)
        {
            errors["userName"] = ["A user name is required."];
        }
        else if (name.Length > MaxUserNameLength)
        {
            errors["userName"] = [$"The user name must be at most {MaxUserNameLength} characters."];
        }
        else if (name.Any(char.IsControl))
        {
            errors["userName"] = ["The user name must not contain control characters."];
        }

        if (string.IsNullOrEmpty(password) || password.Length < MinPasswordLength)
        {
            errors["password"] = [$"The password must be at least {MinPasswordLength} characters."];
        }
        else if (password.Length > MaxPasswordLength)
        {
            errors["password"] = [$"The password must be at most {MaxPasswordLength} characters."];
        }
        else if (string.Equals(password.Trim(), name, StringComparison.OrdinalIgnoreCase))
        {
            errors["password"] = ["The password must not be the user name."];
        }

        return errors;
    }

    /// <summary>User names compare without regard to case or surrounding spaces.</summary>
    public static string Normalize(string? userName) => (userName ?? "").Trim().ToUpperInvariant();
}
