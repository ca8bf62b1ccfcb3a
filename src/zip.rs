//! A zip archive writer for the bundle: DEFLATE entries, UTF-8 names, Unix modes, a fixed
//! timestamp (1980-01-01 00:00, zip's first), so the same files give the same bytes. Written
//! here rather than taken from a crate because the page carries it: the general zip crate and
//! its DEFLATE wrapper cost the page about 9 KB gzipped, and a bundle needs only this.
//! The format is APPNOTE.TXT's (PKWARE): local headers, the central directory, its end record.

/// Why files cannot be zipped: the plain zip format (no zip64) holds at most 65,535 entries
/// of at most 4 GiB each; a bundle is far below both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooLarge;

impl std::fmt::Display for TooLarge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the files are too many or too large for a zip archive")
    }
}

impl std::error::Error for TooLarge {}

/// One file to pack: its path in the archive, its bytes and its Unix permission bits.
pub struct Entry<'a> {
    pub path: &'a str,
    pub bytes: &'a [u8],
    pub mode: u32,
}

/// DEFLATE level: 6 is zlib's default, a good size for the time.
const LEVEL: u8 = 6;
/// Version 2.0: DEFLATE; made by Unix (3), so the external attributes carry the mode.
const VERSION_NEEDED: u16 = 20;
const MADE_BY_UNIX: u16 = (3 << 8) | 20;
/// Bit 11: names are UTF-8.
const FLAG_UTF8: u16 = 1 << 11;
const METHOD_DEFLATE: u16 = 8;
/// MS-DOS date of 1980-01-01 (year 0 from 1980, month 1, day 1); the time is 00:00.
const DOS_DATE: u16 = (1 << 5) | 1;
const DOS_TIME: u16 = 0;
/// A regular file, in the high bits of the external attributes.
const S_IFREG: u32 = 0o100000;

/// The CRC-32 (IEEE) table, made when the crate compiles.
#[expect(
    clippy::indexing_slicing,
    reason = "evaluated at compile time, and n < 256 = table.len(): cannot panic at run time"
)]
const CRC_TABLE: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut n = 0;
    while n < 256 {
        let mut c = n as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 {
                0xedb8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
            k += 1;
        }
        table[n] = c;
        n += 1;
    }
    table
};

#[expect(
    clippy::indexing_slicing,
    reason = "the index is masked with 0xff: always below 256 = CRC_TABLE.len()"
)]
pub fn crc32(bytes: &[u8]) -> u32 {
    !bytes.iter().fold(!0u32, |c, &b| {
        CRC_TABLE[((c ^ u32::from(b)) & 0xff) as usize] ^ (c >> 8)
    })
}

fn u16le(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn u32le(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

/// The fields the local header and the central directory share, from "version needed" on.
fn common(out: &mut Vec<u8>, crc: u32, compressed: u32, size: u32, name: u16) {
    u16le(out, VERSION_NEEDED);
    u16le(out, FLAG_UTF8);
    u16le(out, METHOD_DEFLATE);
    u16le(out, DOS_TIME);
    u16le(out, DOS_DATE);
    u32le(out, crc);
    u32le(out, compressed);
    u32le(out, size);
    u16le(out, name);
    u16le(out, 0); // extra field length
}

/// Packs the entries, in order, into one archive.
pub fn write(entries: &[Entry]) -> Result<Vec<u8>, TooLarge> {
    let count = u16::try_from(entries.len()).map_err(|_| TooLarge)?;
    let mut out = Vec::new();
    let mut central = Vec::new();
    for entry in entries {
        let data = miniz_oxide::deflate::compress_to_vec(entry.bytes, LEVEL);
        let size = u32::try_from(entry.bytes.len()).map_err(|_| TooLarge)?;
        let compressed = u32::try_from(data.len()).map_err(|_| TooLarge)?;
        let name = u16::try_from(entry.path.len()).map_err(|_| TooLarge)?;
        let offset = u32::try_from(out.len()).map_err(|_| TooLarge)?;
        let crc = crc32(entry.bytes);

        u32le(&mut out, 0x0403_4b50);
        common(&mut out, crc, compressed, size, name);
        out.extend_from_slice(entry.path.as_bytes());
        out.extend_from_slice(&data);

        u32le(&mut central, 0x0201_4b50);
        u16le(&mut central, MADE_BY_UNIX);
        common(&mut central, crc, compressed, size, name);
        u16le(&mut central, 0); // comment length
        u16le(&mut central, 0); // disk number
        u16le(&mut central, 0); // internal attributes
        u32le(&mut central, (S_IFREG | entry.mode) << 16);
        u32le(&mut central, offset);
        central.extend_from_slice(entry.path.as_bytes());
    }
    let directory_at = u32::try_from(out.len()).map_err(|_| TooLarge)?;
    let directory_len = u32::try_from(central.len()).map_err(|_| TooLarge)?;
    out.extend_from_slice(&central);
    u32le(&mut out, 0x0605_4b50);
    u16le(&mut out, 0); // this disk
    u16le(&mut out, 0); // the disk of the directory
    u16le(&mut out, count);
    u16le(&mut out, count);
    u32le(&mut out, directory_len);
    u32le(&mut out, directory_at);
    u16le(&mut out, 0); // comment length
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_of_the_check_value() {
        // The CRC-32 check value of the standard: "123456789".
        assert_eq!(crc32(b"123456789"), 0xcbf4_3926);
        assert_eq!(crc32(b""), 0);
    }

    #[test]
    fn the_same_files_give_the_same_bytes() {
        let entries = [Entry {
            path: "a/b.txt",
            bytes: b"hello hello hello",
            mode: 0o644,
        }];
        assert_eq!(write(&entries), write(&entries));
    }
}
