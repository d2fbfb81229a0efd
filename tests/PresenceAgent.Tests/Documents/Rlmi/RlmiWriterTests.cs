using System.Text;
using System.Xml.Linq;
using PresenceAgent.Documents.Rlmi;
using PresenceAgent.Tests.Support;

namespace PresenceAgent.Tests.Documents.Rlmi;

public sealed class RlmiWriterTests
{
    private static readonly XNamespace Ns = "urn:ietf:params:xml:ns:rlmi";

    private static readonly RlmiResource[] Resources =
    [
        new("sip:meet.alice@vc.example.com", "Alice's <Room> & Co", "r0", "r0.abc@vc.example.com", null),
        new("sip:meet.alcie@vc.example.com", null, "r1", null, "noresource"),
    ];

    private static XElement Root(uint version = 0, string? name = "All rooms") =>
        SafeXml.Parse(RlmiWriter.ToBytes("sip:rooms@vc.example.com", version, name, Resources)).Root!;

    [Fact]
    public void Is_a_full_state_list_in_the_rlmi_namespace_with_the_version()
    {
        var bytes = RlmiWriter.ToBytes("sip:rooms@vc.example.com", 7, "All rooms", Resources);
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?><list xmlns=\"urn:ietf:params:xml:ns:rlmi\"",
            Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);

        var list = SafeXml.Parse(bytes).Root!;
        Assert.Equal(Ns + "list", list.Name);
        Assert.Equal("sip:rooms@vc.example.com", (string?)list.Attribute("uri"));
        Assert.Equal("7", (string?)list.Attribute("version"));
        Assert.Equal("true", (string?)list.Attribute("fullState"));
    }

    [Fact]
    public void Name_is_a_child_element_of_the_list_and_of_each_named_resource()
    {
        var list = Root();

        Assert.Null(list.Attribute("name"));
        Assert.Equal("All rooms", list.Element(Ns + "name")!.Value);
        var resources = list.Elements(Ns + "resource").ToList();
        Assert.Equal("Alice's <Room> & Co", resources[0].Element(Ns + "name")!.Value);
        Assert.Null(resources[1].Element(Ns + "name"));
        Assert.Null(Root(name: null).Element(Ns + "name"));
    }

    [Fact]
    public void Each_resource_has_one_instance_active_with_its_cid_or_terminated_with_its_reason_and_no_cid()
    {
        var resources = Root().Elements(Ns + "resource").ToList();

        Assert.Equal(["sip:meet.alice@vc.example.com", "sip:meet.alcie@vc.example.com"], resources.Select(r => (string)r.Attribute("uri")!));
        var active = Assert.Single(resources[0].Elements(Ns + "instance"));
        Assert.Equal("r0", (string?)active.Attribute("id"));
        Assert.Equal("active", (string?)active.Attribute("state"));
        Assert.Equal("r0.abc@vc.example.com", (string?)active.Attribute("cid"));
        Assert.Null(active.Attribute("reason"));

        var gone = Assert.Single(resources[1].Elements(Ns + "instance"));
        Assert.Equal("terminated", (string?)gone.Attribute("state"));
        Assert.Equal("noresource", (string?)gone.Attribute("reason"));
        Assert.Null(gone.Attribute("cid"));
    }

    [Fact]
    public void Resources_keep_their_order_and_names_are_made_xml_safe()
    {
        RlmiResource[] resources = [new("sip:b@x", "bell\u0007 room", "r0", "c0@x", null), new("sip:a@x", null, "r1", "c1@x", null)];

        var list = SafeXml.Parse(RlmiWriter.ToBytes("sip:l@x", 0, "list\u0001", resources)).Root!;

        Assert.Equal(["sip:b@x", "sip:a@x"], list.Elements(Ns + "resource").Select(r => (string)r.Attribute("uri")!));
        Assert.Equal("list", list.Element(Ns + "name")!.Value);
        Assert.Equal("bell room", list.Element(Ns + "resource")!.Element(Ns + "name")!.Value);
    }
}
