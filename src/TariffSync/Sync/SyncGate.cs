using TeslaSync.ServiceDefaults;

namespace TeslaSync.TariffSync.Sync;

/// <summary>One sync at a time: a price event, the fallback timer and "sync now" never interleave writes.</summary>
internal sealed class SyncGate : AsyncGate;
