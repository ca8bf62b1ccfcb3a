//! A zip archive writer for the bundle, and the reader `diff` uses on an earlier bundle: DEFLATE entries, UTF-8 names, Unix modes, a fixed
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

/// Why an archive could not be read, in words for a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable(pub String);

impl std::fmt::Display for Unreadable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Unreadable {}

fn unreadable(why: &str) -> Unreadable {
    Unreadable(why.to_string())
}

fn u16_at(bytes: &[u8], at: usize) -> Result<u16, Unreadable> {
    match bytes.get(at..at.saturating_add(2)) {
        Some(&[a, b]) => Ok(u16::from_le_bytes([a, b])),
        _ => Err(unreadable("the archive ends inside a record")),
    }
}

fn u32_at(bytes: &[u8], at: usize) -> Result<u32, Unreadable> {
    match bytes.get(at..at.saturating_add(4)) {
        Some(&[a, b, c, d]) => Ok(u32::from_le_bytes([a, b, c, d])),
        _ => Err(unreadable("the archive ends inside a record")),
    }
}

fn slice(bytes: &[u8], at: usize, len: usize) -> Result<&[u8], Unreadable> {
    bytes
        .get(at..at.saturating_add(len))
        .ok_or_else(|| unreadable("an entry points past the end of the archive"))
}

/// The files of a zip archive, in the order of its central directory: stored or DEFLATE
/// entries (what this writer and common tools make), folders skipped. Everything is bounded:
/// `max_total` bytes of files in all, so that a compression bomb stops at the bound; every
/// offset is checked against the archive, and every file against its CRC-32.
pub fn read(archive: &[u8], max_total: usize) -> Result<Vec<(String, Vec<u8>)>, Unreadable> {
    const END: u32 = 0x0605_4b50;
    const CENTRAL: u32 = 0x0201_4b50;
    const LOCAL: u32 = 0x0403_4b50;
    // The end record is the last 22 bytes, unless the archive has a comment (up to 64 KiB).
    let earliest = archive.len().saturating_sub(22 + usize::from(u16::MAX));
    let end = (earliest..=archive.len().saturating_sub(22))
        .rev()
        .find(|&at| u32_at(archive, at) == Ok(END))
        .ok_or_else(|| unreadable("it is not a zip archive (no end of central directory)"))?;
    let count = u16_at(archive, end + 10)?;
    let mut at = u32_at(archive, end + 16)? as usize;
    let mut out = Vec::new();
    let mut total: usize = 0;
    for _ in 0..count {
        if u32_at(archive, at)? != CENTRAL {
            return Err(unreadable("its central directory is damaged"));
        }
        let flags = u16_at(archive, at + 8)?;
        let method = u16_at(archive, at + 10)?;
        let crc = u32_at(archive, at + 16)?;
        let compressed = u32_at(archive, at + 20)? as usize;
        let size = u32_at(archive, at + 24)? as usize;
        let name_len = usize::from(u16_at(archive, at + 28)?);
        let extra_len = usize::from(u16_at(archive, at + 30)?);
        let comment_len = usize::from(u16_at(archive, at + 32)?);
        let local = u32_at(archive, at + 42)? as usize;
        let name = String::from_utf8(slice(archive, at + 46, name_len)?.to_vec())
            .map_err(|_| unreadable("a file name is not UTF-8"))?;
        at += 46 + name_len + extra_len + comment_len;
        if name.ends_with('/') {
            continue;
        }
        if flags & 1 != 0 {
            return Err(Unreadable(format!("{name} is encrypted")));
        }
        if u32_at(archive, local)? != LOCAL {
            return Err(Unreadable(format!("the local header of {name} is damaged")));
        }
        let data_at = local
            + 30
            + usize::from(u16_at(archive, local + 26)?)
            + usize::from(u16_at(archive, local + 28)?);
        let data = slice(archive, data_at, compressed)?;
        total = total.saturating_add(size);
        if total > max_total {
            return Err(Unreadable(format!(
                "its files hold more than {max_total} bytes"
            )));
        }
        let bytes = match method {
            0 => data.to_vec(),
            METHOD_DEFLATE => miniz_oxide::inflate::decompress_to_vec_with_limit(data, size)
                .map_err(|_| Unreadable(format!("{name} does not inflate")))?,
            other => {
                return Err(Unreadable(format!(
                    "{name} is compressed with method {other}; only stored and DEFLATE are read"
                )))
            }
        };
        if bytes.len() != size || crc32(&bytes) != crc {
            return Err(Unreadable(format!("{name} fails its CRC-32 or size check")));
        }
        out.push((name, bytes));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_written_reads_back() {
        let entries = [
            Entry {
                path: "core/mx1/junos.conf",
                bytes: b"set a b\nset a c\n",
                mode: 0o644,
            },
            Entry {
                path: "route-reflectors/rr1/route_reflector.sh",
                bytes: b"#!/bin/sh\n",
                mode: 0o755,
            },
        ];
        let archive = write(&entries).unwrap();
        let back = read(&archive, 1 << 20).unwrap();
        assert_eq!(
            back,
            vec![
                (
                    "core/mx1/junos.conf".to_string(),
                    b"set a b\nset a c\n".to_vec()
                ),
                (
                    "route-reflectors/rr1/route_reflector.sh".to_string(),
                    b"#!/bin/sh\n".to_vec()
                ),
            ]
        );
    }

    #[test]
    fn damaged_archives_are_refused_without_a_panic() {
        let entries = [Entry {
            path: "plan.json",
            bytes: &[b'x'; 5000],
            mode: 0o644,
        }];
        let archive = write(&entries).unwrap();
        // Every cut and every flipped byte: an error or the same file, never a panic.
        for cut in 0..archive.len() {
            let _ = read(&archive[..cut], 1 << 20);
        }
        for i in 0..archive.len() {
            let mut bad = archive.clone();
            bad[i] ^= 0x55;
            if let Ok(files) = read(&bad, 1 << 20) {
                assert!(files.iter().all(|(_, b)| b.len() <= 5000));
            }
        }
        assert_eq!(
            read(&archive, 100),
            Err(Unreadable("its files hold more than 100 bytes".into()))
        );
        assert!(read(b"not a zip", 100).is_err());
    }

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
