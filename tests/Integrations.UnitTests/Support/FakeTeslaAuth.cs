using System.Net;
using TeslaSync.Integrations.Tesla.Auth;

namespace TeslaSync.Integrations.UnitTests.Support;

/// <summary>
/// Tesla's token endpoint in miniature: each refresh token works once and is replaced (rotation);
/// a used one gets 401 <c>login_required</c>. Answers can be held back to test concurrency.
/// </summary>
internal sealed class FakeTeslaAuth
{
    private readonly Lock _gate = new();
    private int _issued;
    private string _validRefreshToken;

    public FakeTeslaAuth(string validRefreshToken = "rt-0", int expiresInSeconds = 28800)
    {
        _validRefreshToken = validRefreshToken;
        ExpiresInSeconds = expiresInSeconds;
        Handler = FakeHttpHandler.RespondingAsync(RespondAsync);
    }

    public FakeHttpHandler Handler { get; }

    public int ExpiresInSeconds { get; set; }

    /// <summary>When set, answers wait for it (the request is already recorded).</summary>
    public TaskCompletionSource? Hold { get; set; }

    /// <summary>When set, the next answer is this status instead (then cleared).</summary>
    public HttpStatusCode? FailNextWith { get; set; }

    public string CurrentAccessToken { get; private set; } = "at-0";

    public int TokenRequests => Handler.Requests.Count;

    /// <summary>The form fields of the n-th token request.</summary>
    public Dictionary<string, string> Form(int index) =>
        Handler.Requests[index].Body!.Split('&').Select(p => p.Split('=', 2))
            .ToDictionary(p => Uri.UnescapeDataString(p[0]), p => Uri.UnescapeDataString(p[1].Replace('+', ' ')));

    private async Task<HttpResponseMessage> RespondAsync(HttpRequestMessage request)
    {
        if (Hold is { } hold)
        {
            await hold.Task;
        }

        if (FailNextWith is { } failure)
        {
            FailNextWith = null;
            return FakeHttpHandler.Json(failure, """{"error":"server_error","error_description":"try later"}""");
        }

        var form = (await request.Content!.ReadAsStringAsync()).Split('&').Select(p => p.Split('=', 2))
            .ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1].Replace('+', ' ')));
        lock (_gate)
        {
            if (form["grant_type"] == "refresh_token" && form["refresh_token"] != _validRefreshToken)
            {
                return FakeHttpHandler.Json(HttpStatusCode.Unauthorized,
                    """{"error":"login_required","error_description":"The refresh_token is invalid or was already used"}""");
            }

            _issued++;
            CurrentAccessToken = $"at-{_issued}";
            _validRefreshToken = $"rt-{_issued}";
            return FakeHttpHandler.Json(HttpStatusCode.OK,
                $$"""{"access_token":"{{CurrentAccessToken}}","refresh_token":"{{_validRefreshToken}}","id_token":"id","expires_in":{{ExpiresInSeconds}},"token_type":"Bearer"}""");
        }
    }
}

/// <summary>An <see cref="ITeslaTokenStore"/> in memory, with hooks to hold or fail saves.</summary>
internal sealed class InMemoryTokenStore(TeslaTokenSet? tokens = null) : ITeslaTokenStore
{
    public TeslaTokenSet? Tokens { get; private set; } = tokens;

    public List<TeslaTokenSet> Saves { get; } = [];

    public TaskCompletionSource? HoldSaves { get; set; }

    public int FailSaves { get; set; }

    public Task<TeslaTokenSet?> LoadAsync(CancellationToken cancellationToken) => Task.FromResult(Tokens);

    public async Task SaveAsync(TeslaTokenSet tokens, CancellationToken cancellationToken)
    {
        if (HoldSaves is { } hold)
        {
            await hold.Task;
        }

        if (FailSaves > 0)
        {
            FailSaves--;
            throw new IOException("disk full");
        }

        Tokens = tokens;
        Saves.Add(tokens);
    }

    public Task ClearAsync(CancellationToken cancellationToken)
    {
        Tokens = null;
        return Task.CompletedTask;
    }
}
