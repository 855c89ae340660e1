namespace TeslaSync.Gateway.HomeAssistant;

/// <summary>The Home Assistant platforms the bridge publishes (MQTT discovery's "component").</summary>
internal enum HaComponent
{
    Sensor,
    BinarySensor,
    Switch,
    Button,
    Select,
    Number,
}

/// <summary>
/// One entity as Home Assistant is told about it in discovery. <see cref="ObjectId"/> is stable: it is the
/// entity id users' automations already name (SPEC §8), and the last part of every topic of the entity.
/// </summary>
internal sealed record HaEntity(HaComponent Component, string ObjectId, string Name)
{
    public string? DeviceClass { get; init; }

    public string? StateClass { get; init; }

    public string? Unit { get; init; }

    public string? Icon { get; init; }

    public int? DisplayPrecision { get; init; }

    /// <summary><c>config</c> for settings of the Powerwall, <c>diagnostic</c> for status; null for the main readings.</summary>
    public string? EntityCategory { get; init; }

    /// <summary>Whether the entity has a JSON attributes topic (e.g. the price's spike status and wholesale part).</summary>
    public bool HasAttributes { get; init; }

    /// <summary>The choices of a select.</summary>
    public IReadOnlyList<string> Options { get; init; } = [];

    /// <summary>The range of a number.</summary>
    public NumberRange? Range { get; init; }

    public string ComponentName => Component switch
    {
        HaComponent.Sensor => "sensor",
        HaComponent.BinarySensor => "binary_sensor",
        HaComponent.Switch => "switch",
        HaComponent.Button => "button",
        HaComponent.Select => "select",
        HaComponent.Number => "number",
        _ => throw new ArgumentOutOfRangeException(nameof(Component), Component, null),
    };

    /// <summary>Buttons only take presses; everything else shows a state.</summary>
    public bool HasState => Component is not HaComponent.Button;

    public bool TakesCommands => Component is HaComponent.Switch or HaComponent.Button or HaComponent.Select or HaComponent.Number;
}

internal sealed record NumberRange(int Min, int Max, int Step);
