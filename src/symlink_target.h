// Where a path leads: the file or directory a chain of symbolic links ends
// at, even when that does not exist yet.
//
// A database is made beside its path and renamed onto it, and rename(2)
// does not follow a symbolic link at the new name: it would try to replace
// the link itself (and fail, a directory cannot replace a link), which was
// reported as "another process made a database there at the same time".
// So whatever creates a database renames onto where `--db` leads instead.

#ifndef COOC_SRC_SYMLINK_TARGET_H_
#define COOC_SRC_SYMLINK_TARGET_H_

#include <filesystem>
#include <string>
#include <system_error>

namespace cooc {

// `path` made absolute with each symbolic link at its end replaced by what
// it points to (relative links resolved against the link's directory), at
// most 40 times (the kernel's limit; a longer chain or a loop is returned
// as it stands, and creating there fails with the kernel's message).
inline std::string SymlinkTarget(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code error;
  fs::path at = fs::absolute(path, error);
  if (error) return path;
  for (int hops = 0; hops < 40 && fs::is_symlink(at, error); ++hops) {
    const fs::path link = fs::read_symlink(at, error);
    if (error) break;
    at = link.is_absolute() ? link : at.parent_path() / link;
  }
  return at.lexically_normal().string();
}

}  // namespace cooc

#endif  // COOC_SRC_SYMLINK_TARGET_H_
