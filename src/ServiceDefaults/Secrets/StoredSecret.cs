using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace TeslaSync.ServiceDefaults.Secrets;

/// <summary>
/// A token the user entered on the settings page, kept in the owning service's database encrypted with
/// ASP.NET Core Data Protection (the key ring lives in the service's data folder). Held in memory once
/// read, and announced through <see cref="Changed"/> so the client's options pick a new token up at once
/// (see <see cref="StoredSecretOptions{TOptions}"/>). Subclasses say only where the encrypted row lives.
/// </summary>
public abstract partial class StoredSecret
{
    private readonly IServiceScopeFactory _scopes;
    private readonly IDataProtector _protector;
    private readonly string _description;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private CancellationTokenSource _changed = new();
    private bool _loaded;
    private string? _value;

    /// <param name="purpose">The Data Protection purpose: a value encrypted for one secret never decrypts as another.</param>
    /// <param name="description">What the secret is, for the log ("The Amber token").</param>
    protected StoredSecret(IServiceScopeFactory scopes, IDataProtectionProvider protection, string purpose, string description, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(protection);
        _scopes = scopes;
        _protector = protection.CreateProtector(purpose);
        _description = description;
        _logger = logger;
    }

    /// <summary>Fires once after each change of the stored value.</summary>
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

    /// <summary>
    /// The stored value, or null. Read synchronously because options are built synchronously; after the
    /// first read it comes from memory.
    /// </summary>
    public string? Current
    {
        get
        {
            lock (_gate)
            {
                if (!_loaded)
                {
                    _value = Load(out _loaded);
                }

                return _value;
            }
        }
    }

    public async Task SaveAsync(string value, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        var protectedValue = _protector.Protect(value);
        await using (var scope = _scopes.CreateAsyncScope())
        {
            await WriteProtectedAsync(scope.ServiceProvider, protectedValue, cancellationToken);
        }

        CancellationTokenSource previous;
        lock (_gate)
        {
            _value = value;
            _loaded = true;
            previous = _changed;
            _changed = new CancellationTokenSource();
        }

        // Outside the lock: the options monitor reads Current from the callback.
        previous.Cancel();
    }

    /// <summary>The encrypted value from the service's database, or null when none is stored.</summary>
    protected abstract string? ReadProtected(IServiceProvider services);

    /// <summary>Stores the encrypted value in the service's database, replacing any earlier one.</summary>
    protected abstract Task WriteProtectedAsync(IServiceProvider services, string protectedValue, CancellationToken cancellationToken);

    private string? Load(out bool loaded)
    {
        using var scope = _scopes.CreateScope();
        try
        {
            var stored = ReadProtected(scope.ServiceProvider);
            loaded = true;
            return stored is null ? null : _protector.Unprotect(stored);
        }
        catch (SqliteException)
        {
            // Asked before the database was migrated: nothing is stored yet, and the next read looks again.
            loaded = false;
            return null;
        }
        catch (CryptographicException exception)
        {
            // The key ring was lost or replaced: the stored value cannot be read, so the configured one applies
            // until the user enters it again.
            LogUnreadable(_logger, _description, exception.Message);
            loaded = true;
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Secret} stored from the settings page cannot be decrypted ({Reason}); using the configured one until it is entered again")]
    private static partial void LogUnreadable(ILogger logger, string secret, string reason);
}
