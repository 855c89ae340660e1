using System.Text.Json;
using System.Text.Json.Nodes;
using TeslaSync.Domain.Tariffs;
using static TeslaSync.Domain.UnitTests.Tariffs.CustomSchedules;

namespace TeslaSync.Domain.UnitTests.Tariffs;

public sealed class CustomTouScheduleJsonTests
{
    [Fact]
    public void ToJson_Schedule_IsCamelCaseWithClockTimes()
    {
        var json = JsonNode.Parse(TwoSeasons().ToJson())!;

        Assert.Equal("Retailer Flexi", (string)json["name"]!);
        Assert.Equal(1.1m, (decimal)json["dailySupplyCharge"]!);
        Assert.Equal(10m, (decimal)json["monthlyCharge"]!);
        var season = json["seasons"]![0]!;
        Assert.Equal(11, (int)season["fromMonth"]!);
        var peak = season["periods"]![0]!;
        Assert.Equal("Weekday peak", (string)peak["name"]!);
        Assert.Equal(0.55m, (decimal)peak["buyPerKwh"]!);
        Assert.Equal(0.12m, (decimal)peak["sellPerKwh"]!);
        Assert.Equal(12.5m, (decimal)peak["demandPerKw"]!);
        Assert.Equal("""{"fromWeekday":0,"toWeekday":4,"start":"15:00","end":"21:00"}""", peak["windows"]![0]!.ToJsonString());
    }

    [Fact]
    public void FromJson_WhatToJsonWrote_GivesTheSameSchedule()
    {
        var text = TwoSeasons().ToJson();

        var again = CustomTouSchedule.FromJson(text);

        Assert.Equal(text, again.ToJson());
        Assert.Equal(
            CustomTouTariffBuilder.Build(TwoSeasons()).Content,
            CustomTouTariffBuilder.Build(again).Content);
    }

    [Fact]
    public void FromJson_HandWrittenScheduleWithDefaultsAnd2400_Reads()
    {
        var schedule = CustomTouSchedule.FromJson("""
            {
              "name": "Flat with evening peak",
              "seasons": [{
                "name": "Year",
                "periods": [
                  {"name": "Peak", "buyPerKwh": 0.5, "sellPerKwh": 0.1, "windows": [{"start": "16:00", "end": "21:00"}]},
                  {"name": "Other", "buyPerKwh": 0.25, "sellPerKwh": 0.05, "windows": [{"start": "21:00", "end": "24:00"}, {"start": "0:00", "end": "16:00"}]}
                ]
              }]
            }
            """);

        Assert.Empty(CustomTouScheduleValidator.Validate(schedule));
        var season = Assert.Single(schedule.Seasons);
        Assert.Equal((1, 1, 12, 31), (season.FromMonth, season.FromDay, season.ToMonth, season.ToDay));
        var window = season.Periods[1].Windows[0];
        Assert.Equal((0, 6, At(21), TimeSpan.FromHours(24)), (window.FromWeekday, window.ToWeekday, window.Start, window.End));
        Assert.Null(season.Periods[0].DemandPerKw);
    }

    [Fact]
    public void FromJson_TimeWithSeconds_ReachesTheValidatorWhichNamesIt()
    {
        var schedule = CustomTouSchedule.FromJson("""
            {"name": "X", "seasons": [{"name": "Year", "periods": [
              {"name": "Flat", "buyPerKwh": 0.3, "sellPerKwh": 0.1, "windows": [{"start": "00:00:30", "end": "24:00"}, {"start": "00:00", "end": "00:00:30"}]}]}]}
            """);

        Assert.Contains(
            "Period 'Flat' in season 'Year', window 1: the start 00:00:30 is not on a whole minute; Tesla tariffs give times in hours and minutes.",
            CustomTouScheduleValidator.Validate(schedule));
        Assert.Contains("\"start\":\"00:00:30\"", schedule.ToJson(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"seasons": []}""", "name")]
    [InlineData("""{"name": null, "seasons": []}""", "name")]
    [InlineData("""{"name": "X", "seasons": [{"name": "Y", "periods": [{"name": "P", "buyPerKwh": "NaN"}]}]}""", "buyPerKwh")]
    [InlineData("""{"name": "X", "seasons": [{"name": "Y", "periods": [{"name": "P", "buyPerKwh": 1e400}]}]}""", "buyPerKwh")]
    [InlineData("""{"name": "X", "seasons": [{"name": "Y", "periods": [{"name": "P", "windows": [{"start": "25:00"}]}]}]}""", "start")]
    [InlineData("""{"name": "X", "seasons": [{"name": "Y", "periods": [{"name": "P", "windows": [{"end": 7}]}]}]}""", "end")]
    public void FromJson_MalformedInput_ThrowsJsonExceptionPointingAtTheField(string json, string field)
    {
        var error = Assert.ThrowsAny<JsonException>(() => CustomTouSchedule.FromJson(json));

        Assert.Contains(field, (error.Path ?? "") + error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromJson_Null_Throws()
    {
        Assert.ThrowsAny<JsonException>(() => CustomTouSchedule.FromJson("null"));
    }
}
