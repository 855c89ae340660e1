namespace TeslaSync.Integrations.Tesla.Http;

/// <summary>
/// Tesla did not answer in time: the pipeline's attempt or total timeout (Polly's
/// <see cref="Polly.Timeout.TimeoutRejectedException"/>) or HttpClient's own. A command may still have been applied.
/// </summary>
public static class TeslaTimeouts
{
    public static bool Is(Exception exception) =>
        exception is TimeoutException or Polly.Timeout.TimeoutRejectedException
        || (exception is TaskCanceledException && exception.InnerException is TimeoutException);
}
