using TeslaSync.Gateway.Security;

namespace TeslaSync.Gateway.FunctionalTests;

public sealed class PasswordPolicyTests
{
    [Theory]
    [InlineData("owner", "twelve chars", new string[0])]
    [InlineData("owner", "eleven char", new[] { "password" })]
    [InlineData("owner", null, new[] { "password" })]
    [InlineData(null, "a long enough password", new[] { "userName" })]
    [InlineData(" \t ", "a long enough password", new[] { "userName" })]
    [InlineData("own\u0000er", "a long enough password", new[] { "userName" })]
    [InlineData("Owner.Of.House", " owner.of.house ", new[] { "password" })]
    [InlineData("", "", new[] { "userName", "password" })]
    public void Validate_NamesEachFieldThatIsNotAcceptable(string? userName, string? password, string[] fields)
    {
        var errors = PasswordPolicy.Validate(userName, password);

        Assert.Equal(fields.Order(StringComparer.Ordinal), errors.Keys.Order(StringComparer.Ordinal));
        Assert.All(errors.Values, messages => Assert.NotEmpty(Assert.Single(messages)));
    }

    [Fact]
    public void Validate_Bounds_AllowTheLimitsAndRefuseOneMore()
    {
        Assert.Empty(PasswordPolicy.Validate(new string('u', 64), new string('p', 256)));
        Assert.Equal(["userName"], PasswordPolicy.Validate(new string('u', 65), new string('p', 256)).Keys);
        Assert.Equal(["password"], PasswordPolicy.Validate(new string('u', 64), new string('p', 257)).Keys);
    }

    [Fact]
    public void Normalize_IgnoresCaseAndSurroundingSpace()
    {
        Assert.Equal(PasswordPolicy.Normalize("Owner"), PasswordPolicy.Normalize("  oWNER "));
        Assert.NotEqual(PasswordPolicy.Normalize("owner"), PasswordPolicy.Normalize("owner2"));
        Assert.Equal("", PasswordPolicy.Normalize(null));
    }
}
