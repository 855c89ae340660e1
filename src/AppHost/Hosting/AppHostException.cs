namespace TeslaSync.AppHost.Hosting;

/// <summary>
/// A problem the user can fix (a missing tool, a service that is not built or never became healthy).
/// <see cref="DistributedApplication.Run"/> prints its message, without a stack trace, and exits with 1.
/// </summary>
public sealed class AppHostException : Exception
{
    public AppHostException(string message)
        : base(message)
    {
    }

    public AppHostException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public AppHostException()
    {
    }
}
