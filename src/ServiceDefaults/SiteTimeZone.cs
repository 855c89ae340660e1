using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace TeslaSync.ServiceDefaults;

/// <summary>The site's time zone and where it came from; or, when it is not known, no zone and why not.</summary>
public sealed record SiteZone(TimeZoneInfo? Zone, string Source);

/// <summary>What a <see cref="ISiteTimeZoneSource"/> answered: a zone, or why it could not tell.</summary>
public sealed record SiteZoneAnswer(TimeZoneInfo? Zone, string Problem)
{
    public static SiteZoneAnswer Known(TimeZoneInfo zone) => new(zone, string.Empty);

    public static SiteZoneAnswer Unknown(string problem) => new(null, problem);
}

/// <summary>
/// Somewhere the site's zone can be learned when <c>Site:TimeZone</c> is not set (the zone TariffSync
/// uploads tariffs in, the Powerwall's installation zone). Sources are asked in registration order.
/// </summary>
public interface ISiteTimeZoneSource
{
    /// <summary>Names the source in logs and answers, e.g. <c>TariffSync</c>.</summary>
    string Name { get; }

    Task<SiteZoneAnswer> AskAsync(CancellationToken cancellationToken);
}

/// <summary>
/// The IANA zone a site's wall-clock rules and calendars are read in: <c>Site:TimeZone</c> when set,
/// otherwise the first answer of the registered <see cref="ISiteTimeZoneSource"/>s, kept for the life
/// of the process (a site does not move). Never the server's zone: that is UTC in a container (SPEC §9).
/// Until a zone is known callers decide nothing that needs one; the first miss is a warning, later ones are not.
/// </summary>
public sealed partial class SiteTimeZone(IEnumerable<ISiteTimeZoneSource> sources, IOptions<SiteOptions> site, ILogger<SiteTimeZone> logger)
{
    public const string ConfiguredSource = "Site:TimeZone";

    private readonly ISiteTimeZoneSource[] _sources = [.. sources];
    private SiteZone? _learned;
    private int _warned;

    /// <summary>The zone if it is known without asking anyone (for status pages).</summary>
    public TimeZoneInfo? Known => Configured ?? Volatile.Read(ref _learned)?.Zone;

    private TimeZoneInfo? Configured =>
        site.Value.TimeZone is { Length: > 0 } id ? TimeZoneInfo.FindSystemTimeZoneById(id) : null;

    public async Task<SiteZone> ResolveAsync(CancellationToken cancellationToken)
    {
        if (Configured is { } configured)
        {
            return new SiteZone(configured, ConfiguredSource);
        }

        if (Volatile.Read(ref _learned) is { } learned)
        {
            return learned;
        }

        var problems = new List<string>();
        foreach (var source in _sources)
        {
            var answer = await source.AskAsync(cancellationToken);
            if (answer.Zone is not null)
            {
                var zone = new SiteZone(answer.Zone, source.Name);
                Volatile.Write(ref _learned, zone);
                LogLearned(answer.Zone.Id, source.Name);
                return zone;
            }

            problems.Add(answer.Problem);
        }

        var problem = problems.Count == 0
            ? $"set {ConfiguredSource} (an IANA zone such as Australia/Adelaide)"
            : string.Join("; ", problems) + $"; set {ConfiguredSource} to decide without them";
        if (Interlocked.Exchange(ref _warned, 1) == 0)
        {
            LogUnknown(problem);
        }
        else
        {
            LogStillUnknown(problem);
        }

        return new SiteZone(null, problem);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The site's time zone is {Zone}, as {Source} reports it")]
    private partial void LogLearned(string zone, string source);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The site's time zone is not known, so nothing that needs the site's calendar is decided until it is: {Problem}")]
    private partial void LogUnknown(string problem);

    [LoggerMessage(Level = LogLevel.Debug, Message = "The site's time zone is still not known: {Problem}")]
    private partial void LogStillUnknown(string problem);
}

public static class SiteTimeZoneExtensions
{
    /// <summary>
    /// Registers <see cref="SiteTimeZone"/> (one per process) and checks at start that <c>Site:TimeZone</c>,
    /// when set, is a zone this system knows. Register the service's <see cref="ISiteTimeZoneSource"/>s as well.
    /// </summary>
    public static IServiceCollection AddSiteTimeZone(this IServiceCollection services)
    {
        services.AddOptions<SiteOptions>().BindConfiguration(SiteOptions.SectionName)
            .Validate(o => string.IsNullOrEmpty(o.TimeZone) || TimeZoneInfo.TryFindSystemTimeZoneById(o.TimeZone, out _),
                "Site:TimeZone must be an IANA time zone (e.g. Australia/Adelaide).")
            .ValidateOnStart();
        services.TryAddSingleton<SiteTimeZone>();
        return services;
    }
}
