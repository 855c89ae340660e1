// One running system at a time: each is a launcher, Redis, a simulator, five services and a
// browser, and the machine running the tests may have two cores.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace TeslaSync.Web.AcceptanceTests;

/// <summary>The test classes that share one signed-in demo system (started once for all of them).</summary>
[CollectionDefinition(Name)]
public sealed class SignedInCollection : ICollectionFixture<SignedInDemoSystem>
{
    public const string Name = "Signed-in demo system";
}
