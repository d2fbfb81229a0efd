using System.Text;
using PresenceAgent.Documents.Msrtc;

namespace PresenceAgent.Tests.Documents.Msrtc;

public sealed class BatchSubscriptionTests
{
    private static bool Parse(string xml, out BatchSubscription? batch, out string error) =>
        BatchSubscription.TryParse(Encoding.UTF8.GetBytes(xml), out batch, out error);

    [Fact]
    public void Reads_the_resource_and_the_categories_we_publish_from_a_lync_body()
    {
        const string body = """
            <batchSub xmlns="http://schemas.microsoft.com/2006/01/sip/batch-subscribe" uri="sip:bob@corp.example.net" name="">
             <action name="subscribe" id="63792024">
              <adhocList><resource uri="sip:meet.alice@vc.example.com"><context/></resource></adhocList>
              <categoryList xmlns="http://schemas.microsoft.com/2006/09/sip/categorylist">
               <category name="calendarData"/><category name="contactCard"/><category name="note"/>
               <category name="services"/><category name="state"/>
              </categoryList>
             </action>
            </batchSub>
            """;

        Assert.True(Parse(body, out var batch, out _));
        Assert.Equal(["sip:meet.alice@vc.example.com"], batch!.Resources);
        Assert.Equal(CategorySet.All, batch.Categories);
    }

    [Fact]
    public void Only_the_named_categories_and_none_for_an_empty_list()
    {
        Assert.True(Parse(Body("<category name=\"state\"/><category name=\"calendarData\"/>"), out var some, out _));
        Assert.Equal(CategorySet.State, some!.Categories);

        Assert.True(Parse(Body(""), out var none, out _));
        Assert.Equal(CategorySet.None, none!.Categories);
    }

    [Fact]
    public void Without_a_category_list_every_category()
    {
        const string body = "<batchSub xmlns=\"http://schemas.microsoft.com/2006/01/sip/batch-subscribe\"><action name=\"subscribe\" id=\"1\">" +
            "<adhocList><resource uri=\"sip:a@b\"/><resource uri=\"sip:c@d\"/></adhocList></action></batchSub>";
        Assert.True(Parse(body, out var batch, out _));
        Assert.Equal(CategorySet.All, batch!.Categories);
        Assert.Equal(["sip:a@b", "sip:c@d"], batch.Resources);
    }

    [Theory]
    [InlineData("<batchSub xmlns=\"http://schemas.microsoft.com/2006/01/sip/batch-subscribe\"><action", "not well-formed")]
    [InlineData("<presence xmlns=\"urn:ietf:params:xml:ns:pidf\"/>", "not a batchSub")]
    [InlineData("<batchSub/>", "not a batchSub")]
    [InlineData("<!DOCTYPE b [<!ENTITY x \"xxxxxxxx\"><!ENTITY y \"&x;&x;&x;&x;\">]><batchSub xmlns=\"http://schemas.microsoft.com/2006/01/sip/batch-subscribe\">&y;</batchSub>", "not well-formed")]
    [InlineData("<batchSub xmlns=\"http://schemas.microsoft.com/2006/01/sip/batch-subscribe\"><action name=\"subscribe\"><adhocList><resource/></adhocList></action></batchSub>", "without uri")]
    public void Refuses_what_is_not_a_batch_subscription_naming_the_fault(string body, string fault)
    {
        Assert.False(Parse(body, out var batch, out var error));
        Assert.Null(batch);
        Assert.Contains(fault, error, StringComparison.Ordinal);
    }

    private static string Body(string categories) =>
        "<batchSub xmlns=\"http://schemas.microsoft.com/2006/01/sip/batch-subscribe\"><action name=\"subscribe\" id=\"1\">" +
        "<adhocList><resource uri=\"sip:a@b\"/></adhocList>" +
        $"<categoryList xmlns=\"http://schemas.microsoft.com/2006/09/sip/categorylist\">{categories}</categoryList></action></batchSub>";
}
