namespace TeslaSync.Contracts.Common.V1;

/// <summary>Exact conversion between <see cref="decimal"/> and the wire <see cref="DecimalValue"/>.</summary>
public sealed partial class DecimalValue
{
    private const decimal NanoFactor = 1_000_000_000m;

    public static DecimalValue FromDecimal(decimal value)
    {
        var units = decimal.ToInt64(decimal.Truncate(value));
        var nanos = decimal.ToInt32(decimal.Round((value - units) * NanoFactor));
        return new DecimalValue { Units = units, Nanos = nanos };
    }

    public decimal ToDecimal() => Units + (Nanos / NanoFactor);

    public static implicit operator decimal(DecimalValue value) => value.ToDecimal();

    public static implicit operator DecimalValue(decimal value) => FromDecimal(value);
}
