using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using TeslaSync.Contracts.GridEvents.V1;
using TeslaSync.ServiceDefaults;
using GridEventsClient = TeslaSync.Contracts.GridEvents.V1.GridEvents.GridEventsClient;

namespace TeslaSync.Gateway.Api;

/// <summary>
/// One of GridEvents' thresholds or switches. <c>value</c> and <c>default</c> are JSON of the
/// setting's kind: bool, number, "HH:mm" for a time, an array of day names for days.
/// </summary>
public sealed record GridSettingDto(
    string Key,
    string Label,
    string Description,
    string? Kind,
    string? Unit,
    JsonNode? Value,
    JsonNode? Default,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] decimal? Min,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] decimal? Max);

public sealed record GridSettingsDto(IReadOnlyList<GridSettingDto> Settings);

/// <summary>GridEvents' thresholds and switches: read them all, change some at once (all or nothing).</summary>
internal static class GridSettingsApi
{
    private const string Service = "GridEvents";

    public static RouteGroupBuilder MapGridSettingsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/settings/grid").WithTags("Settings");

        group.MapGet("", (GridEventsClient client, IOptions<SiteOptions> site, CancellationToken ct) =>
                BackendCall.RunAsync(Service,
                    () => client.GetSettingsAsync(new GetSettingsRequest { SiteId = site.Value.Id }, deadline: BackendCall.Deadline(), cancellationToken: ct).ResponseAsync,
                    response => Map(response.Settings)))
            .WithName("GetGridSettings")
            .WithSummary("Every spike, curtailment and demand-window threshold and switch, with its configured default and limits.")
            .Produces<GridSettingsDto>().ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        group.MapPut("", async (JsonObject? body, GridEventsClient client, IOptions<SiteOptions> site, CancellationToken ct) =>
            {
                var input = new ApiInput();
                var request = new UpdateSettingsRequest { SiteId = site.Value.Id };
                if (body is null)
                {
                    input.Error("body", "Give the settings to change as a JSON object: {\"spike.threshold\": 500}.");
                }

                foreach (var (key, value) in body ?? [])
                {
                    if (Text(value) is { } text)
                    {
                        request.Values[key] = text;
                    }
                    else
                    {
                        input.Error(key, "Give a value: true/false, a number, \"HH:mm\" or a list of days, as the setting's kind says.");
                    }
                }

                if (!input.IsValid)
                {
                    return input.Problem();
                }

                return await BackendCall.RespondAsync(Service,
                    () => client.UpdateSettingsAsync(request, deadline: BackendCall.Deadline(), cancellationToken: ct).ResponseAsync,
                    response => response.Problems.Count == 0
                        ? TypedResults.Ok(Map(response.Settings))
                        : TypedResults.ValidationProblem(
                            response.Problems.GroupBy(p => p.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray()),
                            title: "The settings are not valid; nothing was changed."));
            })
            .WithName("UpdateGridSettings")
            .WithSummary("Changes some settings, all or none: {\"spike.threshold\": 500, \"demandWindow.days\": [\"Monday\"]}. Problems are keyed by setting.")
            .Produces<GridSettingsDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        return api;
    }

    private static GridSettingsDto Map(IEnumerable<GridSetting> settings) => new(settings.Select(s => new GridSettingDto(
        s.Key, s.Label, s.Description, Wire.Name(s.Kind), Wire.Text(s.Unit), Json(s.Kind, s.Value), Json(s.Kind, s.DefaultValue),
        Wire.Money(s.Min), Wire.Money(s.Max))).ToList());

    /// <summary>GridEvents' canonical text as JSON of the setting's kind.</summary>
    private static JsonNode? Json(SettingKind kind, string text) => kind switch
    {
        SettingKind.Bool when bool.TryParse(text, out var flag) => JsonValue.Create(flag),
        SettingKind.Number when decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
        SettingKind.Days => new JsonArray([.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(d => JsonValue.Create(d))]),
        _ => JsonValue.Create(text),
    };

    /// <summary>
    /// A JSON value as the text GridEvents reads; GridEvents judges it against the setting's kind,
    /// so a wrong kind gets its message naming the setting. Null when it cannot be text at all.
    /// </summary>
    private static string? Text(JsonNode? value) => value switch
    {
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>() ? "true" : "false",
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.ToJsonString(),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonArray days when days.All(d => d is JsonValue day && day.GetValueKind() == JsonValueKind.String) =>
            string.Join(',', days.Select(d => d!.GetValue<string>())),
        _ => null,
    };
}
