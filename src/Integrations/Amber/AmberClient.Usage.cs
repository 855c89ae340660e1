using System.Globalization;
using System.Text.Json;
using TeslaSync.Domain.Prices;

namespace TeslaSync.Integrations.Amber;

/// <summary>Metered usage and state renewables: read element by element, like prices.</summary>
public sealed partial class AmberClient
{
    private static readonly TimeSpan MaxUsageSpan = TimeSpan.FromDays(7);

    public async Task<AmberUsageResult> GetUsageAsync(string siteId, DateOnly startDate, DateOnly endDate, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(siteId);
        if (endDate < startDate || endDate.DayNumber - startDate.DayNumber >= MaxUsageSpan.TotalDays)
        {
            throw new ArgumentException("Usage is available for at most 7 days at a time, endDate not before startDate.", nameof(endDate));
        }

        var path = string.Create(CultureInfo.InvariantCulture,
            $"sites/{Uri.EscapeDataString(siteId)}/usage?startDate={startDate:yyyy-MM-dd}&endDate={endDate:yyyy-MM-dd}");
        var (body, status, _) = await GetAsync(path, cancellationToken);
        using var document = ParseArray(body, status, "usage intervals");

        var accepted = new List<AmberUsageInterval>();
        var rejected = new List<RejectedAmberInterval>();
        var index = 0;
        foreach (var element in document.RootElement.EnumerateArray())
        {
            if (TryReadUsage(element, out var usage, out var reason))
            {
                accepted.Add(usage);
            }
            else
            {
                rejected.Add(new RejectedAmberInterval(index, reason));
            }

            index++;
        }

        return new AmberUsageResult(accepted, rejected);
    }

    public async Task<IReadOnlyList<AmberRenewables>> GetRenewablesAsync(AmberState state, int previous = 0, int next = 0,
        AmberResolution? resolution = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(previous);
        ArgumentOutOfRangeException.ThrowIfNegative(next);
        var path = string.Create(CultureInfo.InvariantCulture,
            $"state/{state.ToString().ToLowerInvariant()}/renewables/current?previous={previous}&next={next}{ResolutionQuery(resolution)}");
        var (body, status, _) = await GetAsync(path, cancellationToken);
        using var document = ParseArray(body, status, "renewables intervals");

        var result = new List<AmberRenewables>();
        foreach (var element in document.RootElement.EnumerateArray())
        {
            // A malformed element is left out; renewables only inform the dashboard.
            if (Interval(element) is { } interval
                && element.TryGetProperty("renewables", out var renewables) && renewables.ValueKind == JsonValueKind.Number
                && element.TryGetProperty("type", out var type) && KindOf(type.GetString(), "Renewable") is { } kind)
            {
                var descriptor = element.TryGetProperty("descriptor", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString()! : string.Empty;
                result.Add(new AmberRenewables(kind, interval.Start, interval.End, renewables.GetDouble(), descriptor));
            }
        }

        return result;
    }

    private static bool TryReadUsage(JsonElement element, out AmberUsageInterval usage, out string reason)
    {
        usage = null!;
        if (Interval(element) is not { } interval)
        {
            reason = "nemTime or duration is missing or malformed";
            return false;
        }

        if (!TryDecimal(element, "kwh", out var kwh) || !TryDecimal(element, "cost", out var costCents) || !TryDecimal(element, "perKwh", out var perKwhCents))
        {
            reason = "kwh, cost or perKwh is missing or not a number";
            return false;
        }

        var identifier = element.TryGetProperty("channelIdentifier", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString()! : string.Empty;
        PriceChannel? channel = element.TryGetProperty("channelType", out var type) && type.ValueKind == JsonValueKind.String
            && AmberIntervalParser.TryParseChannel(type.GetString()!, out var parsed) ? parsed : null;
        var quality = element.TryGetProperty("quality", out var q) && q.ValueKind == JsonValueKind.String ? q.GetString()! : "unknown";

        usage = new AmberUsageInterval(identifier, channel, interval.Start, interval.End, kwh,
            PriceUnits.CentsToDollars(costCents), PriceUnits.CentsToDollars(perKwhCents), quality);
        reason = string.Empty;
        return true;
    }

    /// <summary>Start and end from nemTime (the interval's end, +10:00) and duration, as for prices.</summary>
    private static (DateTimeOffset Start, DateTimeOffset End)? Interval(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object
            || !element.TryGetProperty("nemTime", out var nemTime) || nemTime.ValueKind != JsonValueKind.String
            || !DateTimeOffset.TryParse(nemTime.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var end)
            || !element.TryGetProperty("duration", out var duration) || !duration.TryGetInt32(out var minutes) || minutes <= 0)
        {
            return null;
        }

        return (end.ToUniversalTime() - TimeSpan.FromMinutes(minutes), end.ToUniversalTime());
    }

    private static bool TryDecimal(JsonElement element, string name, out decimal value)
    {
        value = 0;
        return element.TryGetProperty(name, out var property) && property.ValueKind == JsonValueKind.Number && property.TryGetDecimal(out value);
    }

    private static IntervalKind? KindOf(string? type, string suffix) => type switch
    {
        _ when type == "Actual" + suffix => IntervalKind.Actual,
        _ when type == "Current" + suffix => IntervalKind.Current,
        _ when type == "Forecast" + suffix => IntervalKind.Forecast,
        _ => null,
    };

    private static JsonDocument ParseArray(byte[] body, System.Net.HttpStatusCode status, string what)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            throw AmberResponseReader.Malformed(status, $"not valid JSON ({ex.Message})", ex);
        }

        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            document.Dispose();
            throw AmberResponseReader.Malformed(status, $"expected an array of {what}, found {document.RootElement.ValueKind}");
        }

        return document;
    }
}
