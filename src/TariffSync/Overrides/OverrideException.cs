namespace TeslaSync.TariffSync.Overrides;

/// <summary>Why an override request could not be carried out (each maps to one gRPC status).</summary>
public enum OverrideFailure
{
    /// <summary>The request itself is wrong (name, payload, end time).</summary>
    Invalid,

    /// <summary>Only the user can fix it: no usable baseline, site setup missing, Tesla refused for good (sign-in, scope).</summary>
    Precondition,

    /// <summary>Tesla could not be reached or failed for now; TariffSync keeps retrying what it recorded.</summary>
    Unavailable,
}

/// <summary>An override request that failed, with a message for the caller.</summary>
public sealed class OverrideException(OverrideFailure failure, string message) : Exception(message)
{
    public OverrideFailure Failure { get; } = failure;
}
