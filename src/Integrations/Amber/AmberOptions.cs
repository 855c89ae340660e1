namespace TeslaSync.Integrations.Amber;

/// <summary>Settings for the Amber Electric REST API and live-prices WebSocket, bound from the <c>Amber</c> configuration section.</summary>
public sealed class AmberOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Amber";

    /// <summary>API root including the version segment; the simulator replaces it in tests and demos.</summary>
    public string BaseUrl { get; set; } = "https://api.amber.com.au/v1";

    /// <summary>Personal API key (<c>psk_…</c>), sent as a bearer token. Never logged.</summary>
    public string? ApiToken { get; set; }

    /// <summary>The Amber site to use. Optional here: an account can have several sites and the caller must choose one explicitly.</summary>
    public string? SiteId { get; set; }

    /// <summary>
    /// REST requests allowed per <see cref="WindowSeconds"/> (Amber's <c>RateLimit-Policy: 50;w=300</c>). The budget never
    /// lets more through in any window of that length, whatever the caller asks.
    /// </summary>
    public int RequestsPerWindow { get; set; } = 50;

    /// <summary>Length of the rate-limit window in seconds.</summary>
    public int WindowSeconds { get; set; } = 300;

    /// <summary>
    /// Longest a request waits for the budget to free a slot. A longer wait (or one past the next 5-minute boundary, whose
    /// refresh asks again anyway) is not taken: the request is skipped with <see cref="AmberErrorKind.BudgetExhausted"/>.
    /// </summary>
    public int MaxBudgetWaitSeconds { get; set; } = 30;

    /// <summary>Retries of a GET that failed with 5xx, 408 or a transport error (each one spends budget). 429 is never retried here.</summary>
    public int MaxRetryAttempts { get; set; } = 2;

    /// <summary>First retry delay; doubles for each further retry.</summary>
    public double RetryBaseDelaySeconds { get; set; } = 1;

    /// <summary>Timeout of one HTTP attempt, counted from the moment the budget lets it go.</summary>
    public int RequestTimeoutSeconds { get; set; } = 20;

    /// <summary>
    /// The live-prices WebSocket (alpha, e.g. <c>wss://api-ws.amber.com.au</c>). Empty or absent: REST polling only.
    /// </summary>
    public string? WebSocketUrl { get; set; }

    /// <summary>How long one per-interval connection waits for the subscribe ack and one price update before falling back to REST.</summary>
    public int WebSocketTimeoutSeconds { get; set; } = 60;

    /// <summary>After a 403 at the handshake (account outside the alpha), how long to use REST only before trying the socket again.</summary>
    public double WebSocketForbiddenRetryHours { get; set; } = 24;
}
