using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace TeslaSync.Integrations.Amber;

/// <summary>What the budget knows right now, for diagnostics and tests.</summary>
/// <param name="SentInWindow">Requests let through in the last window (sliding).</param>
/// <param name="BarredUntil">End of the back-off after a 429, if one is running.</param>
/// <param name="ServerRemaining">Amber's last <c>RateLimit-Remaining</c>, less what was sent since, while its window lasts.</param>
public sealed record AmberBudgetState(int Limit, TimeSpan Window, int SentInWindow, DateTimeOffset? BarredUntil, int? ServerRemaining);

/// <summary>
/// The Amber REST request budget, shared by every caller in the process (a singleton behind the Amber HttpClient).
/// </summary>
/// <remarks>
/// <para>Three limits, the strictest wins:</para>
/// <list type="bullet">
/// <item>Our own count: at most <see cref="AmberOptions.RequestsPerWindow"/> requests in <em>any</em> window of
/// <see cref="AmberOptions.WindowSeconds"/> (a sliding log, so it holds whatever window alignment Amber uses).</item>
/// <item>Amber's word: the last <c>RateLimit-Remaining</c>/<c>-Reset</c>. It also counts requests made with the same key
/// by other tools (a Home Assistant integration, say), which our own count cannot see.</item>
/// <item>A back-off after 429: <c>Retry-After</c>, else <c>RateLimit-Reset</c>, else a whole window. A second 429 in a
/// row backs off at least a whole window, because Amber is reported to bar a key for 5 minutes from the last request
/// made while over the limit; knocking again only extends the bar.</item>
/// </list>
/// <para>A request that does not fit waits when the slot opens soon (within <see cref="AmberOptions.MaxBudgetWaitSeconds"/>
/// and before the next 5-minute boundary, whose refresh would ask anyway); otherwise it is refused with
/// <see cref="AmberErrorKind.BudgetExhausted"/> and a logged reason, and nothing is sent.</para>
/// </remarks>
public sealed partial class AmberRequestBudget(IOptionsMonitor<AmberOptions> options, TimeProvider time, ILogger<AmberRequestBudget> logger)
{
    private static readonly TimeSpan Period = TimeSpan.FromMinutes(5);

    private readonly Lock _gate = new();
    private readonly Queue<DateTimeOffset> _sent = new();
    private DateTimeOffset? _barredUntil;
    private int _rateLimitedInARow;
    private int? _serverRemaining;
    private DateTimeOffset _serverResetAt;

    private int Limit => Math.Max(1, options.CurrentValue.RequestsPerWindow);

    private TimeSpan Window => TimeSpan.FromSeconds(Math.Max(1, options.CurrentValue.WindowSeconds));

    /// <summary>Takes a slot for one request, waiting briefly if one opens soon.</summary>
    /// <param name="what">What the request is for (a path), for the log. Never the token.</param>
    /// <exception cref="AmberApiException"><see cref="AmberErrorKind.BudgetExhausted"/>: nothing may be sent now.</exception>
    public async Task AcquireAsync(string what, CancellationToken cancellationToken)
    {
        while (true)
        {
            var now = time.GetUtcNow();
            if (TryTake(now) is not { } blocked)
            {
                return;
            }

            var wait = blocked.OpensAt - now;
            var maxWait = TimeSpan.FromSeconds(Math.Max(0, options.CurrentValue.MaxBudgetWaitSeconds));
            var untilBoundary = UntilNextBoundary(now);
            if (wait > maxWait || wait >= untilBoundary)
            {
                LogSkipped(what, blocked.Reason, wait.TotalSeconds);
                throw new AmberApiException(AmberErrorKind.BudgetExhausted,
                    $"Amber request not sent: {blocked.Reason}; the next slot opens in {wait.TotalSeconds:0} s.", retryAfter: wait);
            }

            LogWaiting(what, blocked.Reason, wait.TotalSeconds);
            await Task.Delay(wait, time, cancellationToken);
        }
    }

    /// <summary>True when a request could go now without waiting (the budget is not tight).</summary>
    public bool CanSendNow()
    {
        lock (_gate)
        {
            return Blocker(time.GetUtcNow()) is null;
        }
    }

    /// <summary>Learns from one response: Amber's remaining count, and a back-off on 429.</summary>
    /// <param name="retryAfter">From <c>Retry-After</c>, else <c>RateLimit-Reset</c> (see <c>AmberResponseReader</c>).</param>
    public void Observe(HttpStatusCode status, AmberRateLimit? rateLimit, TimeSpan? retryAfter)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (status == HttpStatusCode.TooManyRequests)
            {
                _rateLimitedInARow++;
                var backOff = retryAfter is { } asked && asked > TimeSpan.Zero ? asked : Window;
                if (_rateLimitedInARow > 1 && backOff < Window)
                {
                    backOff = Window;
                }

                _barredUntil = now + backOff;
                LogBackingOff(backOff.TotalSeconds, _rateLimitedInARow);
                return;
            }

            if ((int)status is >= 200 and < 300)
            {
                _rateLimitedInARow = 0;
            }

            if (rateLimit is { Remaining: { } remaining, Reset: { } reset })
            {
                _serverRemaining = remaining;
                _serverResetAt = now + reset;
            }
        }
    }

    public AmberBudgetState Snapshot()
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            Forget(now);
            return new AmberBudgetState(Limit, Window, _sent.Count,
                _barredUntil > now ? _barredUntil : null,
                now < _serverResetAt ? _serverRemaining : null);
        }
    }

    /// <summary>Records a request at <paramref name="now"/> if all three limits allow it; otherwise says when and why not.</summary>
    private Blocked? TryTake(DateTimeOffset now)
    {
        lock (_gate)
        {
            if (Blocker(now) is { } blocked)
            {
                return blocked;
            }

            _sent.Enqueue(now);
            if (_serverRemaining is { } remaining && now < _serverResetAt)
            {
                _serverRemaining = Math.Max(0, remaining - 1);
            }

            return null;
        }
    }

    // Caller holds _gate.
    private Blocked? Blocker(DateTimeOffset now)
    {
        Forget(now);
        if (_barredUntil is { } barred && barred > now)
        {
            return new Blocked(barred, "Amber answered 429 Too Many Requests; backing off");
        }

        if (_serverRemaining is 0 && _serverResetAt > now)
        {
            return new Blocked(_serverResetAt, "Amber reports no requests remaining in its window (RateLimit-Remaining: 0)");
        }

        return _sent.Count >= Limit
            ? new Blocked(_sent.Peek() + Window, $"{Limit} requests already sent in the last {Window.TotalSeconds:0} s")
            : null;
    }

    private void Forget(DateTimeOffset now)
    {
        while (_sent.Count > 0 && _sent.Peek() + Window <= now)
        {
            _sent.Dequeue();
        }
    }

    // Amber's 5-minute boundaries are whole multiples of 5 minutes in UTC (NEM time is a whole-hour offset).
    private static TimeSpan UntilNextBoundary(DateTimeOffset now)
    {
        var next = new DateTimeOffset(((now.UtcTicks / Period.Ticks) + 1) * Period.Ticks, TimeSpan.Zero);
        return next - now;
    }

    private readonly record struct Blocked(DateTimeOffset OpensAt, string Reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Amber request {What} skipped: {Reason}; the next slot opens in {WaitSeconds:0} s")]
    private partial void LogSkipped(string what, string reason, double waitSeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Amber request {What} waits {WaitSeconds:0.#} s: {Reason}")]
    private partial void LogWaiting(string what, string reason, double waitSeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Amber rate limit hit ({InARow} in a row); no Amber requests for {BackOffSeconds:0} s")]
    private partial void LogBackingOff(double backOffSeconds, int inARow);
}
