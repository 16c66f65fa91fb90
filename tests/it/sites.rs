//! Fixture sites that tests of both targets build: the build checks in
//! `tests/it` and the Chromium checks in `tests/heavy`.

use crate::support::Site;

/// A PNG of `w`×`h` pixels (a gradient, so copies differ from it).
pub fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 128])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// Images larger than `[images] max_width`, so that they get resized copies
/// (and open in a lightbox).
pub fn variant_site() -> Site {
    let site = Site::with_config(
        "title = \"T\"\n[images]\nmax_width = 1200\nformats = [\"webp\", \"original\"]\n",
    );
    site.write_bytes("content/photo.png", &png(2000, 1000));
    site.write_bytes("content/small.png", &png(300, 200));
    site.note(
        "a.md",
        "## Photo\n\n![A photo](photo.png)\n\n![Small](small.png)\n",
    );
    site
}

/// Chinese, Japanese and Korean notes, some with Latin words mixed in.
pub fn cjk_vault() -> Site {
    let site = Site::new();
    site.note(
        "palette.md",
        "---\ntitle: 模板\naliases: [コマンドパレット]\n---\n打开命令面板，输入「模板」即可插入。\n",
    )
    .note(
        "cli.md",
        "---\ntitle: 命令行\n---\n命令行和面板是两回事。使用 kubectl 命令查看。\n",
    )
    .note(
        "sync.md",
        "---\ntitle: 同期\n---\nObsidian 同期の設定を開きます。\n",
    )
    .note("ko.md", "---\ntitle: 설정\n---\n설정 파일을 엽니다.\n");
    site
}
