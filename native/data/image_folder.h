// JPEG files on disk: a folder per class (torchvision's ImageFolder), and ImageNet (ILSVRC2012).
//
// imageFolder(root): root/<class>/**/*.jpg|*.jpeg (any case), classes sorted by name (byte order,
// as Python sorts them), files sorted by path within a class, symbolic links followed; files with
// other extensions are ignored (the pipeline decodes JPEG only).
//
// imagenet(root, split): the ILSVRC2012 layout.
//   train: root/train/<wnid>/*.JPEG
//   val:   root/val/<wnid>/*.JPEG (class folders, as after the usual valprep.sh), or flat
//          root/val/*.JPEG labelled by either
//            LOC_val_solution.csv (Kaggle: "ImageId,PredictionString", the first token of the
//              prediction string is the wnid), or
//            a "filename label" text file (val.txt, val_labels.txt), one line per image, the label
//              a wnid or a class index in sorted-wnid order (Caffe's val.txt).
//          The label file is the one given, else the first found in root, root/val, and (Kaggle's
//          layout) the folder holding ILSVRC/.
//   Classes are the sorted wnids of root/train when it exists, else of LOC_synset_mapping.txt when
//   found, else of the label file (or the val folders). Kaggle's layout (root/ILSVRC/Data/CLS-LOC/
//   {train,val}) is accepted given the folder that holds ILSVRC/.
#pragma once
#include <memory>
#include <string>

#include "dataset.h"

namespace mssar::data {

std::shared_ptr<Dataset> open_image_folder(const std::string& root, OnError on_error);

struct ImagenetOptions {
  bool train = true;
  std::string labels_file;  // flat val: the label file to use ("" = search)
  OnError on_error = OnError::Raise;
};

std::shared_ptr<Dataset> open_imagenet(const std::string& root, const ImagenetOptions& options);

}  // namespace mssar::data
