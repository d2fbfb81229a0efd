using System.Text;
using PresenceAgent.Documents.Rlmi;

namespace PresenceAgent.Tests.Documents.Rlmi;

public sealed class MultipartRelatedTests
{
    private static readonly MimePart[] Parts =
    [
        new("list.1@vc.example.com", "application/rlmi+xml", Encoding.UTF8.GetBytes("<list/>")),
        new("r0.1@vc.example.com", "application/pidf+xml", Encoding.UTF8.GetBytes("<presence>\r\n</presence>")),
    ];

    [Fact]
    public void Content_type_names_the_root_type_the_bracketed_start_and_the_boundary()
    {
        Assert.Equal("multipart/related;type=\"application/rlmi+xml\";start=\"<list.1@vc.example.com>\";boundary=\"b0\"",
            MultipartRelated.ContentType("application/rlmi+xml", "list.1@vc.example.com", "b0"));
    }

    [Fact]
    public void Writes_each_part_behind_a_delimiter_with_binary_encoding_content_id_and_type_then_the_close_delimiter()
    {
        var text = Encoding.UTF8.GetString(MultipartRelated.ToBytes("b0", Parts));

        Assert.Equal(
            "--b0\r\nContent-Transfer-Encoding: binary\r\nContent-ID: <list.1@vc.example.com>\r\nContent-Type: application/rlmi+xml\r\n\r\n<list/>\r\n\r\n" +
            "--b0\r\nContent-Transfer-Encoding: binary\r\nContent-ID: <r0.1@vc.example.com>\r\nContent-Type: application/pidf+xml\r\n\r\n<presence>\r\n</presence>\r\n\r\n" +
            "--b0--\r\n",
            text);
    }

    [Fact]
    public void Parses_back_part_for_part_each_content_the_body_and_a_crlf()
    {
        var contentType = MultipartRelated.ContentType("application/rlmi+xml", Parts[0].ContentId, "5f3a9c");
        var parsed = MultipartBody.Parse(contentType, MultipartRelated.ToBytes("5f3a9c", Parts));

        Assert.Equal("application/rlmi+xml", parsed.Type);
        Assert.Equal("<list.1@vc.example.com>", parsed.Start);
        Assert.Equal(2, parsed.Parts.Count);
        for (var i = 0; i < Parts.Length; i++)
        {
            Assert.Equal(Parts[i].ContentId, parsed.Parts[i].Cid);
            Assert.Equal(Parts[i].ContentType, parsed.Parts[i].ContentType);
            Assert.Equal("binary", parsed.Parts[i].Headers["content-transfer-encoding"]);
            Assert.Equal([.. Parts[i].Body.ToArray(), .. "\r\n"u8], parsed.Parts[i].Body);
        }
    }

    [Fact]
    public void A_reader_that_drops_the_four_bytes_before_each_boundary_gets_the_bodies_byte_exact()
    {
        var contentType = MultipartRelated.ContentType("application/rlmi+xml", Parts[0].ContentId, "5f3a9c");
        var parsed = MultipartBody.ParseAsLibpurple(contentType, MultipartRelated.ToBytes("5f3a9c", Parts));

        Assert.Equal(Parts.Select(p => p.Body.ToArray()), parsed.Parts.Select(p => p.Body));
        Assert.Equal(Parts.Select(p => p.ContentType), parsed.Parts.Select(p => p.ContentType));
    }

    [Theory]
    [InlineData("0123", true)]
    [InlineData("presence", false)]
    [InlineData("1@vc", false)]
    public void A_boundary_frames_the_parts_only_when_it_occurs_in_none_of_them(string boundary, bool frames) =>
        Assert.Equal(frames, MultipartRelated.Frames(boundary, Parts));
}
