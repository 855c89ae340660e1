namespace TeslaSync.Domain.Sites;

/// <summary>A region of the National Electricity Market, as AEMO names it.</summary>
public enum NemRegion
{
    NSW1,
    QLD1,
    VIC1,
    SA1,
    TAS1,
}
