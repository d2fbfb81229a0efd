using System.Text;
using PresenceAgent.Presence.Occupancy;

namespace PresenceAgent.Tests.Presence.Occupancy;

/// <summary>The occupancy API's document: participants and locked, nothing else.</summary>
public sealed class OccupancyDocumentTests
{
    [Theory]
    [InlineData("""{"participants": 3, "locked": false}""", 3, false)]
    [InlineData("""{"participants": 0}""", 0, false)]
    [InlineData("""{ "locked": true, "participants": 12 }""", 12, true)]
    public void Reads_participants_and_locked(string json, int participants, bool locked)
    {
        Assert.True(OccupancyDocument.TryParse(Encoding.UTF8.GetBytes(json), out var occupancy, out var error), error?.ToString());
        Assert.Equal(new RoomOccupancy(participants, locked), occupancy);
    }

    [Theory]
    [InlineData("", "(body)")]
    [InlineData("3", "(body)")]
    [InlineData("{}", "participants")]
    [InlineData("""{"participants": -1}""", "participants")]
    [InlineData("""{"participants": 2.5}""", "participants")]
    [InlineData("""{"participants": "3"}""", "participants")]
    [InlineData("""{"participants": 1000001}""", "participants")]
    [InlineData("""{"participants": 3, "locked": "no"}""", "locked")]
    [InlineData("""{"participants": 3, "lockd": true}""", "lockd")]
    [InlineData("""{"participants": 3, "participants": 4}""", "(body)")]
    public void Refuses_anything_else_naming_the_field(string json, string field)
    {
        Assert.False(OccupancyDocument.TryParse(Encoding.UTF8.GetBytes(json), out _, out var error));
        Assert.Equal(field, error.Field);
    }
}
