namespace TeslaSync.Gateway.Security;

/// <summary>How hard guessing a password is made, bound from <c>Security:Login</c>.</summary>
public sealed class LoginLimits
{
    public const string SectionName = "Security:Login";

    /// <summary>Sign-in attempts one client address may make per <see cref="ClientWindow"/>, right or wrong.</summary>
    public int AttemptsPerClient { get; set; } = 10;

    public TimeSpan ClientWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Wrong passwords for one user name within <see cref="FailureWindow"/> that lock it.</summary>
    public int FailuresBeforeLockout { get; set; } = 5;

    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan Lockout { get; set; } = TimeSpan.FromMinutes(15);
}
