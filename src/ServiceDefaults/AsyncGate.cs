namespace TeslaSync.ServiceDefaults;

/// <summary>
/// Lets one caller at a time through, asynchronously: <c>using (await gate.EnterAsync(ct)) { … }</c>.
/// Register one per kind of work that must not interleave (a refresh, a sync).
/// </summary>
public class AsyncGate
{
    private readonly SemaphoreSlim _semaphore = new(1, 1);

    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        await _semaphore.WaitAsync(cancellationToken);
        return new Release(_semaphore);
    }

    private sealed class Release(SemaphoreSlim semaphore) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                semaphore.Release();
            }
        }
    }
}
