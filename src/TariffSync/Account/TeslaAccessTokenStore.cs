using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Primitives;
using TeslaSync.TariffSync.Storage;

namespace TeslaSync.TariffSync.Account;

/// <summary>
/// The static Tesla access token (Teslemetry, or Fleet without OAuth) entered on the settings page, kept
/// in TariffSync's database encrypted with Data Protection, next to the OAuth tokens. Held in memory once
/// read, and announced through <see cref="Changed"/> so the Tesla options pick a new token up at once.
/// </summary>
internal sealed partial class TeslaAccessTokenStore(IServiceScopeFactory scopes, IDataProtectionProvider protection, ILogger<TeslaAccessTokenStore> logger)
{
    // Not "tesla": that row holds the OAuth token set (EncryptedTeslaTokenStore).
    private const string Key = "tesla-access-token";
    private readonly IDataProtector _protector = protection.CreateProtector("TeslaSync.TariffSync.TeslaAccessToken.v1");
    private readonly Lock _gate = new();
    private CancellationTokenSource _changed = new();
    private bool _loaded;
    private string? _token;

    /// <summary>Fires once after each change of the stored token.</summary>
    public IChangeToken Changed
    {
        get
        {
            lock (_gate)
            {
                return new CancellationChangeToken(_changed.Token);
            }
        }
    }

    /// <summary>The stored token, or null. Read synchronously because options are built synchronously; then from memory.</summary>
    public string? Current
    {
        get
        {
            lock (_gate)
            {
                if (!_loaded)
                {
                    _token = Load(out _loaded);
                }

                return _token;
            }
        }
    }

    public async Task SaveAsync(string token, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        var protectedValue = _protector.Protect(token);
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TariffDbContext>();
            var row = await db.Secrets.FindAsync([Key], cancellationToken);
            if (row is null)
            {
                db.Secrets.Add(new SecretRow { Key = Key, Protected = protectedValue });
            }
            else
            {
                row.Protected = protectedValue;
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        CancellationTokenSource previous;
        lock (_gate)
        {
            _token = token;
            _loaded = true;
            previous = _changed;
            _changed = new CancellationTokenSource();
        }

        // Outside the lock: the options monitor reads Current from the callback.
        previous.Cancel();
    }

    private string? Load(out bool loaded)
    {
        using var scope = scopes.CreateScope();
        try
        {
            var row = scope.ServiceProvider.GetRequiredService<TariffDbContext>().Secrets.AsNoTracking().FirstOrDefault(s => s.Key == Key);
            loaded = true;
            return row is null ? null : _protector.Unprotect(row.Protected);
        }
        catch (SqliteException)
        {
            // Asked before the database was migrated: nothing is stored yet, and the next read looks again.
            loaded = false;
            return null;
        }
        catch (CryptographicException exception)
        {
            // The key ring was lost or replaced: the configured token applies until the user enters one again.
            LogUnreadable(exception.Message);
            loaded = true;
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The Tesla access token stored from the settings page cannot be decrypted ({Reason}); using the configured one until it is entered again")]
    private partial void LogUnreadable(string reason);
}
